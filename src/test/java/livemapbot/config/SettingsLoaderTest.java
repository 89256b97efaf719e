package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsLoaderTest {
    /** Distinctive values so any leak is unmistakable. */
    private static final String TOKEN = "MTA5tokenLEAKCANARY.GxYz12.abcDEFsecretTOKENtail";
    private static final String API_KEY = "apikeyLEAKCANARY-5b2e81c0-dead-beef";

    @TempDir
    Path dir;

    private Path missingFile() {
        return dir.resolve("config.properties");
    }

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, String> requiredEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", TOKEN);
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("SONORAN_COMMUNITY_ID", "my-community");
        env.put("SONORAN_API_KEY", API_KEY);
        return env;
    }

    private Map<String, String> envWith(String name, String value) {
        Map<String, String> env = requiredEnv();
        env.put(name, value);
        return env;
    }

    private Settings loadEnv(Map<String, String> env) throws ConfigException {
        return SettingsLoader.load(missingFile(), false, env, Mode.RUN);
    }

    private ConfigException failure(Map<String, String> env, Mode mode) {
        return assertThrows(ConfigException.class, () -> SettingsLoader.load(missingFile(), false, env, mode));
    }

    /** The single problem of a load that must fail with exactly one. */
    private String onlyProblem(Map<String, String> env) {
        List<String> problems = failure(env, Mode.RUN).problems();
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    // ----- sources and precedence -------------------------------------------------------------

    @Test
    void defaultsApplyWhenOnlyTheRequiredValuesAreSet() throws Exception {
        Settings s = loadEnv(requiredEnv());

        assertEquals(TOKEN, s.discordToken().reveal());
        assertEquals(123456789012345678L, s.guildId());
        assertEquals(OptionalLong.empty(), s.announceChannelId());
        assertEquals(OptionalLong.empty(), s.auditChannelId());
        assertEquals("https://discord.com/api/v10/", s.discordRestUrl());
        assertEquals("wss://gateway.discord.gg/", s.discordGatewayUrl());
        assertEquals(Set.of(), s.viewRoleIds());
        assertEquals(Set.of(), s.editRoleIds());
        assertEquals(Set.of(), s.deployRoleIds());
        assertEquals("my-community", s.communityId());
        assertEquals(API_KEY, s.apiKey().reveal());
        assertEquals("https://api.sonorancad.com", s.apiUrl());
        assertEquals(ApiVersion.V1, s.apiVersion());
        assertFalse(s.sandbox());
        assertEquals(Duration.ofSeconds(30), s.cacheFor());
        assertEquals(Duration.ofSeconds(60), s.deployCooldown());
        assertEquals(Path.of("data/audit.jsonl"), s.auditPath());
        assertEquals(Settings.DEFAULT_PREVIEW_EXPIRY, s.previewExpiry());
    }

    @Test
    void everyKeyCanComeFromTheFileAlone() throws Exception {
        Path file = file(
                "discord.token = " + TOKEN + "   ",
                "discord.guildId=111111111111111111",
                "discord.announceChannelId=222222222222222222",
                "discord.auditChannelId=333333333333333333",
                "discord.restUrl=http://127.0.0.1:8080/api/v10",
                "discord.gatewayUrl=ws://127.0.0.1:8080/gateway",
                "access.viewRoleIds=1,2",
                "access.editRoleIds=3",
                "access.deployRoleIds=4, 5",
                "sonoran.communityId=file-community",
                "sonoran.apiKey=" + API_KEY,
                "sonoran.apiUrl=https://staging-api.dev.sonorancad.com/",
                "sonoran.apiVersion=V2",
                "sonoran.sandbox=true",
                "sonoran.cacheSeconds=5",
                "deploy.cooldownSeconds=0",
                "audit.path=" + dir.resolve("audit/audit.jsonl").toString().replace("\\", "/"));

        Settings s = SettingsLoader.load(file, true, Map.of(), Mode.RUN);

        assertEquals(TOKEN, s.discordToken().reveal());
        assertEquals(111111111111111111L, s.guildId());
        assertEquals(OptionalLong.of(222222222222222222L), s.announceChannelId());
        assertEquals(OptionalLong.of(333333333333333333L), s.auditChannelId());
        assertEquals("http://127.0.0.1:8080/api/v10/", s.discordRestUrl());
        assertEquals("ws://127.0.0.1:8080/gateway", s.discordGatewayUrl());
        assertEquals(Set.of(1L, 2L), s.viewRoleIds());
        assertEquals(Set.of(3L), s.editRoleIds());
        assertEquals(Set.of(4L, 5L), s.deployRoleIds());
        assertEquals("file-community", s.communityId());
        assertEquals(API_KEY, s.apiKey().reveal());
        assertEquals("https://staging-api.dev.sonorancad.com", s.apiUrl());
        assertEquals(ApiVersion.V2, s.apiVersion());
        assertTrue(s.sandbox());
        assertEquals(Duration.ofSeconds(5), s.cacheFor());
        assertEquals(Duration.ZERO, s.deployCooldown());
        assertEquals(dir.resolve("audit/audit.jsonl"), s.auditPath());
        assertEquals(Settings.DEFAULT_PREVIEW_EXPIRY, s.previewExpiry());
    }

    @Test
    void environmentOverridesTheFileAndBlankEnvironmentValuesCountAsUnset() throws Exception {
        Path file = file(
                "discord.token=" + TOKEN,
                "discord.guildId=111111111111111111",
                "sonoran.communityId=file-community",
                "sonoran.apiKey=" + API_KEY,
                "sonoran.cacheSeconds=5");
        Map<String, String> env = Map.of(
                "DISCORD_GUILD_ID", "999999999999999999",
                "SONORAN_CACHE_SECONDS", " 7 ",
                "SONORAN_COMMUNITY_ID", "  ");

        Settings s = SettingsLoader.load(file, true, env, Mode.RUN);

        assertEquals(999999999999999999L, s.guildId());
        assertEquals(Duration.ofSeconds(7), s.cacheFor());
        assertEquals("file-community", s.communityId(), "a blank variable must not blank the file's value");
    }

    @Test
    void fileIsReadAsUtf8() throws Exception {
        Path file = file("sonoran.communityId=gemeinschaft-ü", "audit.path=daten/prüfung.jsonl");
        Map<String, String> env = requiredEnv();
        env.remove("SONORAN_COMMUNITY_ID");

        Settings s = SettingsLoader.load(file, true, env, Mode.RUN);

        assertEquals("gemeinschaft-ü", s.communityId());
        assertEquals(Path.of("daten/prüfung.jsonl"), s.auditPath());
    }

    @Test
    void dollarBracesAreNotSubstituted() throws Exception {
        Path file = file("sonoran.communityId=${HOME}");
        Map<String, String> env = requiredEnv();
        env.remove("SONORAN_COMMUNITY_ID");

        assertEquals("${HOME}", SettingsLoader.load(file, true, env, Mode.RUN).communityId());
    }

    @Test
    void anExplicitlyNamedFileThatIsMissingIsAProblem() {
        Path missing = dir.resolve("nope.properties");

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(Optional.of(missing), requiredEnv(), Mode.RUN));

        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("config file " + missing + ": not found"), e.getMessage());
    }

    @Test
    void aMissingOptionalFileMeansEverythingComesFromTheEnvironment() throws Exception {
        Settings s = SettingsLoader.load(missingFile(), false, requiredEnv(), Mode.RUN);

        assertEquals(123456789012345678L, s.guildId());
    }

    @Test
    void aMissingOptionalFileStillReportsWhatTheEnvironmentLacks() {
        ConfigException e = failure(Map.of(), Mode.RUN);

        assertEquals(List.of(
                "discord.token (DISCORD_TOKEN): required, not set; the bot token (Developer Portal › Bot ›"
                        + " Reset Token) is needed to log in to Discord",
                "discord.guildId (DISCORD_GUILD_ID): required, not set; in Discord turn on Developer Mode"
                        + " (User Settings › Advanced), then right-click the server › Copy Server ID",
                "sonoran.communityId (SONORAN_COMMUNITY_ID): required, not set; needed unless"
                        + " sonoran.sandbox=true (CAD › Admin › In-Game Integration › API)",
                "sonoran.apiKey (SONORAN_API_KEY): required, not set; needed unless sonoran.sandbox=true"
                        + " (CAD › Admin › In-Game Integration › API)"), e.problems());
    }

    @Test
    void theDefaultFileIsUsedWhenNoFileIsNamed() {
        assertEquals(Path.of("config.properties"), SettingsLoader.DEFAULT_FILE);
    }

    @Test
    void aMalformedFileIsAProblem() throws Exception {
        Path file = file("sonoran.communityId=bad\\uZZZZ");

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(file, true, requiredEnv(), Mode.RUN));

        assertEquals(List.of("config file " + file + ": malformed \\u escape"), e.problems());
    }

    @Test
    void aFileThatIsNotUtf8IsAProblem() throws Exception {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, "sonoran.communityId=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(file, true, requiredEnv(), Mode.RUN));

        assertEquals(List.of("config file " + file + ": is not valid UTF-8 text"), e.problems());
    }

    // ----- environment names ------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "sonoran.apiKey, SONORAN_API_KEY",
            "access.editRoleIds, ACCESS_EDIT_ROLE_IDS",
            "discord.guildId, DISCORD_GUILD_ID",
            "discord.announceChannelId, DISCORD_ANNOUNCE_CHANNEL_ID",
            "deploy.cooldownSeconds, DEPLOY_COOLDOWN_SECONDS",
            "audit.path, AUDIT_PATH",
            "sonoran.apiUrl, SONORAN_API_URL"})
    void envNameUpperCasesAndSplitsDotsAndHumps(String key, String expected) {
        assertEquals(expected, SettingsLoader.envName(key));
    }

    @Test
    void everyKeyConstantIsNamedAfterItsEnvironmentVariable() {
        for (ConfigKey key : ConfigKey.values()) {
            assertEquals(key.name(), key.envName(), key.key());
            assertEquals(key, ConfigKey.byKey(key.key()).orElseThrow());
        }
    }

    // ----- Discord ids ------------------------------------------------------------------------

    @Test
    void aNonNumericGuildIdIsReportedWithKeyEnvNameAndValue() {
        assertEquals("discord.guildId (DISCORD_GUILD_ID): must be a Discord id (digits only), got \"abc\"",
                onlyProblem(envWith("DISCORD_GUILD_ID", "abc")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-5                     | must be a Discord id (digits only), got \"-5\"",
            "+5                     | must be a Discord id (digits only), got \"+5\"",
            "12 34                  | must be a Discord id (digits only), got \"12 34\"",
            "0                      | must be a Discord id (greater than 0), got \"0\"",
            "9223372036854775808    | must be a Discord id (too large for a 64-bit number), got \"9223372036854775808\"",
            "123456789012345678901  | must be a Discord id (at most 20 digits), got \"123456789012345678901\""})
    void invalidSnowflakesAreRejected(String value, String message) {
        assertEquals("discord.guildId (DISCORD_GUILD_ID): " + message,
                onlyProblem(envWith("DISCORD_GUILD_ID", value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "9223372036854775807", "00000000000000000042"})
    void snowflakesOfOneToTwentyDigitsThatFitALongAreAccepted(String value) throws Exception {
        assertEquals(Long.parseLong(value), loadEnv(envWith("DISCORD_GUILD_ID", value)).guildId());
    }

    @Test
    void channelIdsAreOptionalButValidatedWhenSet() throws Exception {
        assertEquals(OptionalLong.of(42L),
                loadEnv(envWith("DISCORD_AUDIT_CHANNEL_ID", "42")).auditChannelId());
        assertEquals("discord.announceChannelId (DISCORD_ANNOUNCE_CHANNEL_ID): must be a Discord id"
                        + " (digits only), got \"#general\"",
                onlyProblem(envWith("DISCORD_ANNOUNCE_CHANNEL_ID", "#general")));
        assertEquals("discord.auditChannelId (DISCORD_AUDIT_CHANNEL_ID): must be a Discord id"
                        + " (greater than 0), got \"0\"",
                onlyProblem(envWith("DISCORD_AUDIT_CHANNEL_ID", "0")));
    }

    @Test
    void roleListsTolerateWhitespaceAndEmptyEntries() throws Exception {
        Settings s = loadEnv(envWith("ACCESS_EDIT_ROLE_IDS", " 11 , ,22,,  33 ,"));

        assertEquals(Set.of(11L, 22L, 33L), s.editRoleIds());
    }

    @Test
    void everyBadRoleEntryIsReported() {
        Map<String, String> env = requiredEnv();
        env.put("ACCESS_VIEW_ROLE_IDS", "11,Moderators");
        env.put("ACCESS_DEPLOY_ROLE_IDS", "0, 22, @admin");

        assertEquals(List.of(
                "access.viewRoleIds (ACCESS_VIEW_ROLE_IDS): entry \"Moderators\": must be a Discord role id"
                        + " (digits only) (comma-separated list)",
                "access.deployRoleIds (ACCESS_DEPLOY_ROLE_IDS): entry \"0\": must be a Discord role id"
                        + " (greater than 0) (comma-separated list)",
                "access.deployRoleIds (ACCESS_DEPLOY_ROLE_IDS): entry \"@admin\": must be a Discord role id"
                        + " (digits only) (comma-separated list)"),
                failure(env, Mode.RUN).problems());
    }

    // ----- URLs -------------------------------------------------------------------------------

    @Test
    void restUrlGetsATrailingSlash() throws Exception {
        assertEquals("http://127.0.0.1:9999/api/v10/",
                loadEnv(envWith("DISCORD_REST_URL", "http://127.0.0.1:9999/api/v10")).discordRestUrl());
        assertEquals("http://127.0.0.1:9999/api/v10/",
                loadEnv(envWith("DISCORD_REST_URL", "http://127.0.0.1:9999/api/v10/")).discordRestUrl());
    }

    @Test
    void apiUrlLosesItsTrailingSlashes() throws Exception {
        assertEquals("http://127.0.0.1:7000",
                loadEnv(envWith("SONORAN_API_URL", "http://127.0.0.1:7000//")).apiUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"discord.com/api/v10/", "ftp://discord.com/", "https://", "http://exa mple.com/"})
    void restUrlMustBeAbsoluteHttp(String value) {
        assertEquals("discord.restUrl (DISCORD_REST_URL): must be an http(s) URL such as"
                        + " https://discord.com/api/v10/, got \"" + value + "\"",
                onlyProblem(envWith("DISCORD_REST_URL", value)));
    }

    /** Issue 8: a value over 24 characters is not quoted whole; the scheme still says what is wrong. */
    @Test
    void aLongWrongUrlIsNotQuotedButItsSchemeIsNamed() {
        assertEquals("discord.restUrl (DISCORD_REST_URL): must be an http(s) URL such as"
                        + " https://discord.com/api/v10/, got \"wss:…\" (25 characters, not shown) whose scheme"
                        + " is \"wss\"",
                onlyProblem(envWith("DISCORD_REST_URL", "wss://gateway.discord.gg/")));
        assertEquals("discord.gatewayUrl (DISCORD_GATEWAY_URL): must be a ws(s) URL such as"
                        + " wss://gateway.discord.gg/, got \"http…\" (27 characters, not shown) whose scheme"
                        + " is \"https\"",
                onlyProblem(envWith("DISCORD_GATEWAY_URL", "https://gateway.discord.gg/")));
    }

    @Test
    void gatewayUrlMustBeWebSocket() {
        assertEquals("discord.gatewayUrl (DISCORD_GATEWAY_URL): must be a ws(s) URL such as"
                        + " wss://gateway.discord.gg/, got \"gateway.discord.gg\"",
                onlyProblem(envWith("DISCORD_GATEWAY_URL", "gateway.discord.gg")));
    }

    @Test
    void gatewayUrlAcceptsPlainWs() throws Exception {
        assertEquals("ws://127.0.0.1:5555/",
                loadEnv(envWith("DISCORD_GATEWAY_URL", "ws://127.0.0.1:5555/")).discordGatewayUrl());
    }

    @Test
    void apiUrlMustBeAbsoluteHttp() {
        assertEquals("sonoran.apiUrl (SONORAN_API_URL): must be an http(s) URL such as"
                        + " https://api.sonorancad.com, got \"api.sonorancad.com\"",
                onlyProblem(envWith("SONORAN_API_URL", "api.sonorancad.com")));
    }

    // ----- enums, booleans, numbers, paths ----------------------------------------------------

    @ParameterizedTest
    @CsvSource({"v1, V1", "V1, V1", "v2, V2", "V2, V2"})
    void apiVersionIsCaseInsensitive(String value, ApiVersion expected) throws Exception {
        assertEquals(expected, loadEnv(envWith("SONORAN_API_VERSION", value)).apiVersion());
    }

    @Test
    void otherApiVersionsAreRejected() {
        assertEquals("sonoran.apiVersion (SONORAN_API_VERSION): must be v1 or v2, got \"3\"",
                onlyProblem(envWith("SONORAN_API_VERSION", "3")));
    }

    @Test
    void booleansAreTrueOrFalseOnly() throws Exception {
        assertTrue(loadEnv(envWith("SONORAN_SANDBOX", "TRUE")).sandbox());
        assertFalse(loadEnv(envWith("SONORAN_SANDBOX", "false")).sandbox());
        assertEquals("sonoran.sandbox (SONORAN_SANDBOX): must be true or false, got \"yes\"",
                onlyProblem(envWith("SONORAN_SANDBOX", "yes")));
        assertEquals("sonoran.sandbox (SONORAN_SANDBOX): must be true or false, got \"1\"",
                onlyProblem(envWith("SONORAN_SANDBOX", "1")));
    }

    @Test
    void cacheSecondsRangeIsZeroToAnHour() throws Exception {
        assertEquals(Duration.ZERO, loadEnv(envWith("SONORAN_CACHE_SECONDS", "0")).cacheFor());
        assertEquals(Duration.ofHours(1), loadEnv(envWith("SONORAN_CACHE_SECONDS", "3600")).cacheFor());
        for (String bad : List.of("3601", "-1", "ten", "1.5", "99999999999")) {
            assertEquals("sonoran.cacheSeconds (SONORAN_CACHE_SECONDS): must be a whole number of seconds"
                            + " from 0 to 3600, got \"" + bad + "\"",
                    onlyProblem(envWith("SONORAN_CACHE_SECONDS", bad)));
        }
    }

    @Test
    void cooldownSecondsRangeIsZeroToADay() throws Exception {
        assertEquals(Duration.ofDays(1), loadEnv(envWith("DEPLOY_COOLDOWN_SECONDS", "86400")).deployCooldown());
        assertEquals("deploy.cooldownSeconds (DEPLOY_COOLDOWN_SECONDS): must be a whole number of seconds"
                        + " from 0 to 86400, got \"86401\"",
                onlyProblem(envWith("DEPLOY_COOLDOWN_SECONDS", "86401")));
    }

    @Test
    void anInvalidAuditPathIsReported() {
        // The NUL is shown as an escape (issue 8: invisible characters are made visible).
        assertEquals("audit.path (AUDIT_PATH): is not a valid file path, got \"data/\\u0000audit\"",
                onlyProblem(envWith("AUDIT_PATH", "data/\0audit")));
    }

    // ----- modes: token and Sonoran credentials -----------------------------------------------

    @Test
    void checkModeDoesNotNeedAToken() throws Exception {
        Map<String, String> env = requiredEnv();
        env.remove("DISCORD_TOKEN");

        Settings s = SettingsLoader.load(missingFile(), false, env, Mode.CHECK);

        assertTrue(s.discordToken().isBlank());
        assertEquals("discord.token (DISCORD_TOKEN): required, not set; the bot token (Developer Portal ›"
                + " Bot › Reset Token) is needed to log in to Discord", onlyProblem(env));
    }

    @Test
    void checkModeStillValidatesATokenThatIsSet() {
        ConfigException e = failure(envWith("DISCORD_TOKEN", "Bot " + TOKEN), Mode.CHECK);

        assertEquals(List.of("discord.token (DISCORD_TOKEN): must not contain whitespace (paste the value"
                + " alone, without a \"Bot \" prefix or line breaks)"), e.problems());
    }

    @Test
    void sandboxKeyMakesSonoranCredentialsOptional() throws Exception {
        Map<String, String> env = requiredEnv();
        env.remove("SONORAN_COMMUNITY_ID");
        env.remove("SONORAN_API_KEY");
        env.put("SONORAN_SANDBOX", "true");

        Settings s = loadEnv(env);

        assertTrue(s.sandbox());
        assertEquals("", s.communityId());
        assertTrue(s.apiKey().isBlank());
    }

    @Test
    void forcedSandboxModeMakesSonoranCredentialsOptional() throws Exception {
        Map<String, String> env = requiredEnv();
        env.remove("SONORAN_COMMUNITY_ID");
        env.remove("SONORAN_API_KEY");

        Settings s = SettingsLoader.load(missingFile(), false, env, Mode.RUN.withSandbox());

        assertTrue(s.sandbox());
        assertEquals(new Mode(true, true), Mode.RUN.withSandbox());
        assertEquals(2, failure(env, Mode.RUN).problems().size(), "outside the sandbox both are required");
    }

    @Test
    void placeholdersFromTheExampleAreRejected() {
        Map<String, String> env = requiredEnv();
        env.put("DISCORD_GUILD_ID", "CHANGE_ME_server_id");
        env.put("SONORAN_API_KEY", "CHANGE_ME_api_key");

        assertEquals(List.of(
                "discord.guildId (DISCORD_GUILD_ID): still the placeholder from config.example.properties;"
                        + " replace it with the real value",
                "sonoran.apiKey (SONORAN_API_KEY): still the placeholder from config.example.properties;"
                        + " replace it with the real value"),
                failure(env, Mode.RUN).problems());
    }

    @Test
    void communityIdMustNotContainWhitespace() {
        assertEquals("sonoran.communityId (SONORAN_COMMUNITY_ID): must not contain whitespace,"
                + " got \"my community\"", onlyProblem(envWith("SONORAN_COMMUNITY_ID", "my community")));
    }

    // ----- unknown keys -----------------------------------------------------------------------

    @Test
    void typosOfKnownKeysAreReportedWithASuggestion() throws Exception {
        Path file = file(
                "discord.guildID=1",
                "access.editRoleId=2",
                "sonaran.apiKey=x",
                "discord.prefix=!",
                "unrelated.setting=kept quiet");

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(file, true, requiredEnv(), Mode.RUN));

        assertEquals(List.of(
                "access.editRoleId (in " + file + "): unknown key, did you mean access.editRoleIds?",
                "discord.guildID (in " + file + "): unknown key, did you mean discord.guildId?",
                "discord.prefix (in " + file + "): unknown key; known discord keys: discord.token,"
                        + " discord.guildId, discord.announceChannelId, discord.auditChannelId,"
                        + " discord.restUrl, discord.gatewayUrl, discord.shardTotal, discord.shardIds",
                "sonaran.apiKey (in " + file + "): unknown key, did you mean sonoran.apiKey?"),
                e.problems());
    }

    // ----- issue 8: secrets pasted into the wrong key -----------------------------------------

    /** A realistic bot token: base64 user id, timestamp, HMAC. Never registered as a secret here. */
    private static final String PASTED_TOKEN = "MTA5OTg4NzY1NDMyMTA5ODc2NQ.GhJkLm.pastedTOKENabcdefghijklmnopqrstuvwxyz012";
    /** A Sonoran API key as pasted: UUID-shaped. */
    private static final String PASTED_KEY = "9f3c2a71-4be0-4d2e-8a55-c0ffee123456";

    /**
     * Issue 8 #6 reproduction: a token pasted into discord.guildId while discord.token is unset
     * printed its first 60 characters. No more than a 4-character prefix may be quoted.
     */
    @Test
    void aTokenPastedIntoTheGuildIdWhileTheTokenIsUnsetIsNotPrinted() {
        Map<String, String> env = requiredEnv();
        env.remove("DISCORD_TOKEN");
        env.put("DISCORD_GUILD_ID", PASTED_TOKEN);

        ConfigException e = failure(env, Mode.CHECK);

        assertNoPieceOf(PASTED_TOKEN, e);
        assertEquals(1, e.problems().size(), e.getMessage());
        // "MTA5…" (N characters, not shown), or "****" once another test registered it as a token.
        assertTrue(e.problems().get(0).startsWith("discord.guildId (DISCORD_GUILD_ID): must be a Discord id"
                + " (digits only), got \""), e.getMessage());
    }

    /** Issue 8 #6 reproduction: an API key pasted into DISCORD_GUILD_ID printed whole. */
    @Test
    void anApiKeyPastedIntoTheGuildIdVariableIsNotPrinted() {
        Map<String, String> env = requiredEnv();
        env.remove("SONORAN_API_KEY");
        env.put("DISCORD_GUILD_ID", PASTED_KEY);

        ConfigException e = failure(env, Mode.RUN.withSandbox());

        assertNoPieceOf(PASTED_KEY, e);
    }

    /**
     * Every key's validation path, from the environment and from the file: whatever secret-looking
     * or long value lands in any key, no problem quotes more than a short prefix of it.
     */
    @ParameterizedTest
    @EnumSource(ConfigKey.class)
    void noKeyEverQuotesALongOrSecretShapedValue(ConfigKey key) throws Exception {
        List<String> values = List.of(PASTED_TOKEN, PASTED_KEY, PASTED_TOKEN + " tail", PASTED_KEY + " tail",
                "zq1-xw2-ev3-rc4-tb5-yn6-um7-io8", "http://" + PASTED_KEY + ".example/" + PASTED_TOKEN);
        for (String value : values) {
            Map<String, String> env = new HashMap<>();
            env.put("DISCORD_GUILD_ID", "1");
            env.put("SONORAN_SANDBOX", "true");
            env.put(key.envName(), value);
            assertNothingQuoted(value, () -> SettingsLoader.load(missingFile(), false, env, Mode.CHECK));

            Map<String, String> fileEnv = new HashMap<>(env);
            fileEnv.remove(key.envName());
            Path file = file(key.key() + "=" + value, "x" + key.key() + "=" + value);
            assertNothingQuoted(value, () -> SettingsLoader.load(file, true, fileEnv, Mode.CHECK));
        }
    }

    private static void assertNothingQuoted(String value, org.junit.jupiter.api.function.Executable load) {
        try {
            load.execute();
        } catch (ConfigException e) {
            assertNoPieceOf(value, e);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** No 6-character piece of {@code value} appears in the exception's text. */
    private static void assertNoPieceOf(String value, ConfigException e) {
        for (int i = 0; i + 6 <= value.length(); i++) {
            String piece = value.substring(i, i + 6);
            if (piece.isBlank() || piece.contains(" ")) {
                continue;
            }
            assertFalse(e.getMessage().contains(piece), () -> "quotes \"" + piece + "\": " + e.getMessage());
        }
    }

    /** A line holding only a pasted token is a key without a value: its name is not echoed either. */
    @Test
    void aTokenPastedAsAKeyOfTheFileIsNotEchoed() throws Exception {
        Path file = file("discord." + PASTED_TOKEN, "discord." + PASTED_TOKEN);
        List<String> warnings = new java.util.ArrayList<>();

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(Optional.of(file), requiredEnv(), Mode.RUN, warnings::add));

        assertNoPieceOf(PASTED_TOKEN, e);
        assertEquals(1, warnings.size());
        assertFalse(warnings.get(0).contains(PASTED_TOKEN.substring(4, 12)), warnings.get(0));
    }

    @Test
    void invisibleCharactersInAQuotedValueAreShown() {
        assertEquals("discord.guildId (DISCORD_GUILD_ID): must be a Discord id (digits only), got \"123\\u00A0456\"",
                onlyProblem(envWith("DISCORD_GUILD_ID", "123\u00A0456")));
        assertEquals("discord.guildId (DISCORD_GUILD_ID): must be a Discord id (digits only), got \"\\u200B42\"",
                onlyProblem(envWith("DISCORD_GUILD_ID", "\u200B42")));
        assertEquals("sonoran.communityId (SONORAN_COMMUNITY_ID): must not contain whitespace, got \"my\\tcommunity\"",
                onlyProblem(envWith("SONORAN_COMMUNITY_ID", "my\tcommunity")));
    }

    // ----- issue 8: the configuration file ----------------------------------------------------

    @Test
    void aUtf8ByteOrderMarkIsStripped() throws Exception {
        Path file = dir.resolve("bom.properties");
        byte[] text = "discord.guildId=111\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(file, withBom);
        Map<String, String> env = requiredEnv();
        env.remove("DISCORD_GUILD_ID");

        assertEquals(111L, SettingsLoader.load(file, true, env, Mode.RUN).guildId());
    }

    @Test
    void aKeySetTwiceInTheFileIsAWarning() throws Exception {
        Path file = file("discord.guildId=111", "sonoran.cacheSeconds=5", "discord.guildId=222");
        Map<String, String> env = requiredEnv();
        env.remove("DISCORD_GUILD_ID");
        List<String> warnings = new java.util.ArrayList<>();

        Settings s = SettingsLoader.load(Optional.of(file), env, Mode.RUN, warnings::add);

        assertEquals(222L, s.guildId());
        assertEquals(List.of("discord.guildId (in " + file + "): set more than once; the last value is used"),
                warnings);
    }

    @Test
    void aKeyWithoutItsSectionIsAnUnknownKeyWithASuggestion() throws Exception {
        Path file = file("editRoleIds=1", "GUILDID=2");

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(file, true, requiredEnv(), Mode.RUN));

        assertEquals(List.of(
                "GUILDID (in " + file + "): unknown key, did you mean discord.guildId?",
                "editRoleIds (in " + file + "): unknown key, did you mean access.editRoleIds?"), e.problems());
    }

    @Test
    void everyConfigurationErrorNamesTheFileThatWasRead() throws Exception {
        Path file = file("discord.guildId=abc");
        ConfigException fromFile = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(Optional.of(file), Map.of(), Mode.CHECK));
        assertTrue(fromFile.getMessage().endsWith(System.lineSeparator() + "Configuration file: "
                + file.toAbsolutePath().normalize() + " (the environment overrides it)."), fromFile.getMessage());

        Path absent = dir.resolve("absent.properties");
        ConfigException noFile = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(absent, false, Map.of(), Mode.CHECK));
        assertTrue(noFile.getMessage().endsWith(System.lineSeparator() + "No configuration file read ("
                + absent.toAbsolutePath().normalize() + " does not exist): settings come from the"
                + " environment and the defaults."), noFile.getMessage());
    }

    // ----- issue 8: check and run agree -------------------------------------------------------

    /** check passed a CHANGE_ME token that run rejects; both must reject it. */
    @Test
    void aPlaceholderTokenIsRejectedByCheckAsByRun() {
        for (Mode mode : List.of(Mode.CHECK, Mode.RUN, Mode.CHECK.withSandbox())) {
            ConfigException e = failure(envWith("DISCORD_TOKEN", "CHANGE_ME_bot_token"), mode);
            assertEquals(List.of("discord.token (DISCORD_TOKEN): still the placeholder from"
                    + " config.example.properties; replace it with the real value"), e.problems(), mode.toString());
        }
    }

    @Test
    void anAuditPathThatIsADirectoryIsAConfigurationProblem() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("logs"));

        String problem = onlyProblem(envWith("AUDIT_PATH", directory.toString()));

        assertTrue(problem.startsWith("audit.path (AUDIT_PATH): is a directory, got "), problem);
        assertTrue(problem.endsWith("; name a file in it, e.g. audit.jsonl"), problem);
    }

    @Test
    void anAuditPathWhoseParentCannotBeCreatedIsAConfigurationProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "");

        String problem = onlyProblem(envWith("AUDIT_PATH", file.resolve("sub/audit.jsonl").toString()));

        assertTrue(problem.startsWith("audit.path (AUDIT_PATH): cannot be created: "), problem);
        assertTrue(problem.endsWith(" is a file, not a directory"), problem);
    }

    @Test
    void anUnwritableAuditPathIsAConfigurationProblem() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly),
                    "running as root: every directory is writable");
            String problem = onlyProblem(envWith("AUDIT_PATH", readOnly.resolve("audit.jsonl").toString()));
            assertTrue(problem.startsWith("audit.path (AUDIT_PATH): cannot be created: the bot's user ("), problem);
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    @Test
    void aCreatableAuditPathIsAcceptedAndNothingIsCreated() throws Exception {
        Path path = dir.resolve("new/deeper/audit.jsonl");

        assertEquals(path, loadEnv(envWith("AUDIT_PATH", path.toString())).auditPath());
        assertFalse(Files.exists(dir.resolve("new")));
    }

    // ----- all at once ------------------------------------------------------------------------

    @Test
    void everyProblemIsReportedTogether() throws Exception {
        Path file = file(
                "discord.guildId=abc",
                "discord.restUrl=nope",
                "access.editRoleIds=1,x",
                "sonoran.apiVersion=v9",
                "sonoran.cacheSeconds=-3",
                "deploy.cooldownSeconds=1e3",
                "sonoran.sandboxx=true");

        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(file, true, Map.of(), Mode.RUN));

        List<String> keysInProblems = e.problems().stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
        assertEquals(List.of("sonoran.sandboxx", "discord.token", "discord.guildId", "discord.restUrl",
                "access.editRoleIds", "sonoran.communityId", "sonoran.apiKey", "sonoran.apiVersion",
                "sonoran.cacheSeconds", "deploy.cooldownSeconds"), keysInProblems);
        assertTrue(e.getMessage().startsWith("Invalid configuration (10 problems):"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Configuration file: " + file.toAbsolutePath().normalize()
                + " (the environment overrides it)."), e.getMessage());
        for (String problem : e.problems()) {
            assertTrue(e.getMessage().contains("  - " + problem), problem);
        }
    }

    // ----- secrets ----------------------------------------------------------------------------

    @Test
    void settingsToStringNeverShowsSecrets() throws Exception {
        String text = loadEnv(requiredEnv()).toString();

        assertFalse(text.contains(TOKEN), text);
        assertFalse(text.contains(API_KEY), text);
        assertTrue(text.contains("****"), text);
    }

    @Test
    void invalidSecretsAreNeverQuoted() {
        String badToken = "tokenLEAKCANARY with spaces.abc";
        String badKey = "apikeyLEAKCANARY\twith-tab";
        Map<String, String> env = requiredEnv();
        env.put("DISCORD_TOKEN", badToken);
        env.put("SONORAN_API_KEY", badKey);
        env.put("DISCORD_GUILD_ID", "bad");

        ConfigException e = failure(env, Mode.RUN);

        assertEquals(3, e.problems().size(), e.getMessage());
        assertNoSecret(e, badToken, badKey, "LEAKCANARY");
        // The loader itself must not quote them: **** would mean the masker had to step in.
        assertFalse(e.getMessage().contains("****"), e.getMessage());
    }

    @Test
    void noConfigExceptionEverContainsTheSecrets() throws Exception {
        List<Map<String, String>> failingEnvs = List.of(
                envWith("DISCORD_GUILD_ID", "x"),
                envWith("SONORAN_API_VERSION", "v7"),
                envWith("DISCORD_TOKEN", TOKEN + " "),          // trailing whitespace is trimmed: valid
                envWith("SONORAN_API_KEY", API_KEY + "\nnext"), // embedded line break: invalid
                envWith("DISCORD_TOKEN", "Bot " + TOKEN));
        Path file = file("sonoran.apiKye=" + API_KEY, "discord.tokn=" + TOKEN);
        for (Map<String, String> env : failingEnvs) {
            for (Mode mode : List.of(Mode.RUN, Mode.CHECK, Mode.RUN.withSandbox())) {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> SettingsLoader.load(file, true, env, mode));
                assertNoSecret(e, TOKEN, API_KEY);
                assertFalse(e.getMessage().contains("****"), e.getMessage());
            }
        }
    }

    @Test
    void aSecretPastedIntoAnOrdinaryKeyIsMaskedWhenQuoted() {
        Map<String, String> env = requiredEnv();
        env.put("DISCORD_GUILD_ID", TOKEN);

        String problem = onlyProblem(env);

        assertEquals("discord.guildId (DISCORD_GUILD_ID): must be a Discord id (digits only), got \"****\"",
                problem);
    }

    private static void assertNoSecret(ConfigException e, String... secrets) {
        for (String secret : secrets) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            assertFalse(e.toString().contains(secret), e.toString());
            for (String problem : e.problems()) {
                assertFalse(problem.contains(secret), problem);
            }
        }
    }
}
