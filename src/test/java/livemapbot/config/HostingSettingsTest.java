package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hosting keys: {@code hosting.mode}, {@code store.encryptionKey} (required in multi,
 * 32 bytes base64, never echoed), the shard keys and the SQLite-is-one-process rule; and single
 * mode exactly as before.
 */
class HostingSettingsTest {
    /** 32 bytes whose base64 is distinctive, so a leak is unmistakable. */
    private static final String KEY = Base64.getEncoder().encodeToString(
            "LEAKCANARY-encryption-key-32byte".getBytes(StandardCharsets.US_ASCII));
    /** 24 bytes: valid base64, wrong length. */
    private static final String SHORT_KEY = Base64.getEncoder().encodeToString(
            "LEAKCANARY-short-key-24b".getBytes(StandardCharsets.US_ASCII));
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/livemap";

    @TempDir
    Path dir;

    private static Map<String, String> multiEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", "MTA5token.GxYz12.abcDEFtokenForHostingTests");
        env.put("HOSTING_MODE", "multi");
        env.put("STORE_ENCRYPTION_KEY", KEY);
        return env;
    }

    private static Map<String, String> with(Map<String, String> env, String... pairs) {
        Map<String, String> copy = new HashMap<>(env);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                copy.remove(pairs[i]);
            } else {
                copy.put(pairs[i], pairs[i + 1]);
            }
        }
        return copy;
    }

    private Path emptyFile() throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve("empty.properties"), "");
    }

    private Settings load(Map<String, String> env) throws ConfigException {
        return SettingsLoader.load(dir.resolve("none.properties"), false, env, Mode.RUN);
    }

    private List<String> problems(Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertFalse(e.getMessage().contains(SHORT_KEY), e.getMessage());
        assertFalse(e.getMessage().contains("LEAKCANARY"), e.getMessage());
        return e.problems();
    }

    private String onlyProblem(Map<String, String> env) {
        List<String> problems = problems(env);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    @Test
    void withoutTheNewKeysTheBotIsInSingleModeWithTheDefaults() throws Exception {
        Settings settings = load(Map.of("DISCORD_TOKEN", "MTA5token.GxYz12.abcDEFtokenForHostingTests",
                "DISCORD_GUILD_ID", "123456789012345678", "SONORAN_COMMUNITY_ID", "c", "SONORAN_API_KEY", "k-123456"));

        assertEquals(HostingSettings.single(), settings.hosting());
        assertEquals(HostingMode.SINGLE, settings.hosting().mode());
        assertEquals(30, settings.hosting().retentionDays());
        assertTrue(settings.hosting().runsAllShards());
        assertEquals(List.of(), settings.unusedInMultiMode());
    }

    @Test
    void singleModeStillRequiresTheGuildAndSonoranCredentials() {
        List<String> problems = problems(Map.of("DISCORD_TOKEN", "MTA5token.GxYz12.abcDEFtokenForHostingTests"));

        assertEquals(List.of("discord.guildId", "sonoran.communityId", "sonoran.apiKey"),
                problems.stream().map(p -> p.substring(0, p.indexOf(' '))).toList());
    }

    @Test
    void multiModeNeedsNeitherTheGuildIdNorSonoranCredentials() throws Exception {
        List<String> warnings = new ArrayList<>();
        Settings settings = SettingsLoader.load(java.util.Optional.of(emptyFile()), multiEnv(),
                Mode.RUN, warnings::add);

        assertTrue(settings.hosting().isMulti());
        assertEquals(KEY, settings.hosting().encryptionKey().reveal());
        assertEquals(0L, settings.guildId());
        assertEquals(List.of(), settings.unusedInMultiMode());
        assertEquals(List.of(), warnings);
    }

    @Test
    void multiModeRequiresTheEncryptionKey() {
        String problem = onlyProblem(with(multiEnv(), "STORE_ENCRYPTION_KEY", null));

        assertTrue(problem.startsWith("store.encryptionKey (STORE_ENCRYPTION_KEY): required in multi mode"), problem);
        assertTrue(problem.contains("generate-key"), problem);
    }

    @Test
    void aKeyThatDoesNotDecodeToThirtyTwoBytesIsRefusedWithoutBeingShown() {
        String problem = onlyProblem(with(multiEnv(), "STORE_ENCRYPTION_KEY", SHORT_KEY));

        assertTrue(problem.contains("must decode to exactly 32 bytes"), problem);
        assertTrue(problem.contains("decodes to 24"), problem);
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedWithoutBeingShown() {
        String notBase64 = "LEAKCANARY!!not*base64*at*all$$$$$$$$$$$$$$$";

        ConfigException e = assertThrows(ConfigException.class,
                () -> load(with(multiEnv(), "STORE_ENCRYPTION_KEY", notBase64)));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("is not valid base64"), e.getMessage());
        assertFalse(e.getMessage().contains("LEAK"), e.getMessage());
        assertFalse(e.getMessage().contains("base64*"), e.getMessage());
    }

    @Test
    void aMalformedKeyIsRefusedInSingleModeToo() {
        Map<String, String> env = Map.of("DISCORD_TOKEN", "MTA5token.GxYz12.abcDEFtokenForHostingTests",
                "DISCORD_GUILD_ID", "123456789012345678", "SONORAN_COMMUNITY_ID", "c", "SONORAN_API_KEY", "k-123456",
                "STORE_ENCRYPTION_KEY", SHORT_KEY);

        assertTrue(onlyProblem(env).startsWith("store.encryptionKey (STORE_ENCRYPTION_KEY): must decode"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"both", "MULTI ", "1"})
    void anUnknownModeIsRefused(String mode) {
        Map<String, String> env = with(multiEnv(), "HOSTING_MODE", mode);
        if (mode.trim().equalsIgnoreCase("multi")) {
            // Values are trimmed and the mode is case-insensitive: this one is fine.
            return;
        }
        String problem = problems(env).get(0);
        assertTrue(problem.startsWith("hosting.mode (HOSTING_MODE): must be single or multi, got \"" + mode + "\""),
                problem);
    }

    @Test
    void retentionDaysIsAWholeNumberOfDays() throws Exception {
        assertEquals(7, load(with(multiEnv(), "HOSTING_RETENTION_DAYS", "7")).hosting().retentionDays());
        assertEquals("hosting.retentionDays (HOSTING_RETENTION_DAYS): must be a whole number from 1 to 3650, got \"0\"",
                onlyProblem(with(multiEnv(), "HOSTING_RETENTION_DAYS", "0")));
        assertTrue(onlyProblem(with(multiEnv(), "HOSTING_RETENTION_DAYS", "30d")).contains("got \"30d\""));
    }

    @Test
    void shardIdsAcceptRangesAndListsSortedWithoutDuplicates() throws Exception {
        Map<String, String> env = with(multiEnv(), "STORE_URL", POSTGRES, "DISCORD_SHARD_TOTAL", "8");

        assertEquals(List.of(0, 1, 2, 3), load(with(env, "DISCORD_SHARD_IDS", "0-3")).hosting().shardIds());
        assertEquals(List.of(0, 2, 5), load(with(env, "DISCORD_SHARD_IDS", "5,0, 2")).hosting().shardIds());
        assertEquals(List.of(1, 2, 3, 6), load(with(env, "DISCORD_SHARD_IDS", "1-3,2,6")).hosting().shardIds());
        HostingSettings all = load(env).hosting();
        assertEquals(OptionalInt.of(8), all.shardTotal());
        assertEquals(List.of(), all.shardIds());
        assertTrue(all.runsAllShards());
        assertFalse(load(with(env, "DISCORD_SHARD_IDS", "0-3")).hosting().runsAllShards());
        assertTrue(load(with(env, "DISCORD_SHARD_IDS", "0-7")).hosting().runsAllShards());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-", "a", "0..3", "1,,2", "-1", "0-3-5", "12345"})
    void malformedShardIdsAreRefused(String ids) {
        String problem = onlyProblem(with(multiEnv(), "STORE_URL", POSTGRES, "DISCORD_SHARD_TOTAL", "8",
                "DISCORD_SHARD_IDS", ids));

        assertTrue(problem.startsWith("discord.shardIds (DISCORD_SHARD_IDS): must be shard ids such as 0-3 or 0,2,5"),
                problem);
    }

    @Test
    void aReversedRangeIsRefused() {
        assertEquals("discord.shardIds (DISCORD_SHARD_IDS): range \"3-1\" ends before it starts",
                onlyProblem(with(multiEnv(), "STORE_URL", POSTGRES, "DISCORD_SHARD_TOTAL", "8",
                        "DISCORD_SHARD_IDS", "3-1")));
    }

    @Test
    void shardIdsMustBeBelowTheTotal() {
        String problem = onlyProblem(with(multiEnv(), "STORE_URL", POSTGRES, "DISCORD_SHARD_TOTAL", "4",
                "DISCORD_SHARD_IDS", "2-4"));

        assertEquals("discord.shardIds (DISCORD_SHARD_IDS): shard 4 does not exist: with discord.shardTotal=4 the"
                + " shard ids are 0 to 3", problem);
    }

    @Test
    void shardIdsNeedTheTotal() {
        String problem = onlyProblem(with(multiEnv(), "STORE_URL", POSTGRES, "DISCORD_SHARD_IDS", "0-1"));

        assertTrue(problem.startsWith("discord.shardIds (DISCORD_SHARD_IDS): needs discord.shardTotal"), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "x", "4097"})
    void theShardTotalIsFromOneTo4096(String total) {
        String problem = onlyProblem(with(multiEnv(), "DISCORD_SHARD_TOTAL", total));

        assertEquals("discord.shardTotal (DISCORD_SHARD_TOTAL): must be a whole number from 1 to 4096, got \""
                + total + "\"", problem);
    }

    @Test
    void aPartialShardSetOnSqliteIsRefusedBecauseSeveralProcessesNeedPostgresql() {
        String problem = onlyProblem(with(multiEnv(), "DISCORD_SHARD_TOTAL", "4", "DISCORD_SHARD_IDS", "0-1"));

        assertTrue(problem.startsWith("discord.shardIds (DISCORD_SHARD_IDS): this process would run only some of"
                + " the 4 shards"), problem);
        assertTrue(problem.contains("several processes need a PostgreSQL store"), problem);
    }

    @Test
    void theFullShardSetOnSqliteIsOneProcessAndAllowed() throws Exception {
        HostingSettings hosting = load(with(multiEnv(), "DISCORD_SHARD_TOTAL", "4", "DISCORD_SHARD_IDS", "0-3"))
                .hosting();

        assertTrue(hosting.runsAllShards());
        assertEquals(List.of(0, 1, 2, 3), hosting.shardIds());
    }

    @Test
    void keysThatMultiModeDoesNotUseAreListedAndWarnedAbout() throws Exception {
        Map<String, String> env = with(multiEnv(),
                "DISCORD_GUILD_ID", "123456789012345678",
                "DISCORD_AUDIT_CHANNEL_ID", "223456789012345678",
                "ACCESS_EDIT_ROLE_IDS", "323456789012345678",
                "SONORAN_COMMUNITY_ID", "community",
                "SONORAN_API_KEY", "apikeyLEAKCANARY-in-multi",
                "SONORAN_API_VERSION", "v2",
                "SONORAN_API_URL", "https://staging-api.dev.sonorancad.com");
        List<String> warnings = new ArrayList<>();

        Settings settings = SettingsLoader.load(java.util.Optional.of(emptyFile()), env, Mode.RUN,
                warnings::add);

        assertEquals(List.of(ConfigKey.DISCORD_GUILD_ID, ConfigKey.DISCORD_AUDIT_CHANNEL_ID,
                ConfigKey.ACCESS_EDIT_ROLE_IDS, ConfigKey.SONORAN_COMMUNITY_ID, ConfigKey.SONORAN_API_KEY,
                ConfigKey.SONORAN_API_VERSION), settings.unusedInMultiMode());
        assertEquals(List.of("not used in multi mode (each guild sets its own with /livemap): discord.guildId,"
                + " discord.auditChannelId, access.editRoleIds, sonoran.communityId, sonoran.apiKey,"
                + " sonoran.apiVersion"), warnings);
        assertEquals("https://staging-api.dev.sonorancad.com", settings.apiUrl(), "sonoran.apiUrl is still used");
    }

    @Test
    void multiModeLeavesTheExamplesGuildPlaceholderAlone() throws Exception {
        Settings settings = SettingsLoader.load(Path.of("config.example.properties"), true, multiEnv(), Mode.RUN);

        assertTrue(settings.hosting().isMulti());
        assertEquals(0L, settings.guildId());
    }

    @Test
    void theSettingsNeverPrintTheKey() throws Exception {
        Settings settings = load(multiEnv());

        assertFalse(settings.toString().contains(KEY), settings.toString());
        assertTrue(settings.hosting().toString().contains("encryptionKey=****"), settings.hosting().toString());
        assertEquals("key: ****", SecretMasker.mask("key: " + KEY), "the key is masked in any log line");
    }
}
