package livemapbot;

import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.config.StoreSettings;
import livemapbot.hosting.GuildSetup;
import livemapbot.store.KeyCipher;
import livemapbot.store.Store;
import livemapbot.store.StoreException;
import livemapbot.testing.NoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code generate-key}, {@code rotate-key} and {@code check} in multi mode, through {@link Main}. */
class MainKeyCommandsTest {
    private static final String KEY_A = KeyCipher.generateKey();
    private static final String KEY_B = KeyCipher.generateKey();
    private static final String MISMATCH = "store.encryptionKey does not match the key the stored API keys were"
            + " encrypted with (see README: rotating the key)";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private StoreSettings store() {
        return StoreSettings.sqlite(dir.resolve("data").resolve("livemap-bot.db"));
    }

    private Map<String, String> env(String currentKey) {
        Map<String, String> env = new HashMap<>();
        env.put("HOSTING_MODE", "multi");
        env.put("STORE_URL", store().url());
        if (currentKey != null) {
            env.put("STORE_ENCRYPTION_KEY", currentKey);
        }
        return env;
    }

    private int run(Map<String, String> env, String... args) {
        String[] withConfig = new String[args.length + 2];
        System.arraycopy(args, 0, withConfig, 0, args.length);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = NoConfig.path();
        return Main.run(withConfig, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private void assertNoSecret() {
        String text = text();
        for (String secret : List.of(KEY_A, KEY_B, "apikeyLEAKCANARY")) {
            assertFalse(text.contains(secret), text);
        }
    }

    private static GuildSetup setup(long guildId) {
        return new GuildSetup(guildId, "community-" + guildId, Secret.of("apikeyLEAKCANARY-" + guildId),
                ApiVersion.V1, Set.of(), Set.of(1L), Set.of(1L), OptionalLong.empty(), OptionalLong.empty(), null,
                Instant.parse("2026-01-02T03:04:05Z"), null);
    }

    private void twoGuildsUnder(String key) throws StoreException {
        try (Store store = Store.open(store())) {
            var setups = store.guildSetups(KeyCipher.of(Secret.of(key)));
            setups.save(setup(1));
            setups.save(setup(2));
        }
    }

    private String apiKeyOfGuild1(String key) throws StoreException {
        try (Store store = Store.open(store())) {
            return store.guildSetups(KeyCipher.of(Secret.of(key))).find(1).orElseThrow().apiKey().reveal();
        }
    }

    @Test
    void generateKeyPrintsOnlyAFreshThirtyTwoByteKeyOnStdout() {
        assertEquals(Main.OK, run(Map.of(), "generate-key"));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        assertEquals(32, Base64.getDecoder().decode(printed.trim()).length);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("STORE_ENCRYPTION_KEY"));
    }

    @Test
    void rotateKeyReEncryptsEveryKeyAndTellsTheOperatorToSwitch() throws Exception {
        twoGuildsUnder(KEY_A);
        Map<String, String> env = env(KEY_A);
        env.put("STORE_NEW_ENCRYPTION_KEY", KEY_B);

        assertEquals(Main.OK, run(env, "rotate-key"), text());

        assertTrue(text().contains("Re-encrypted 2 API keys with the new key, in one transaction."), text());
        assertTrue(text().contains("Now set STORE_ENCRYPTION_KEY (store.encryptionKey) to the new key"), text());
        assertNoSecret();
        assertEquals("apikeyLEAKCANARY-1", apiKeyOfGuild1(KEY_B));
        StoreException e = assertThrows(StoreException.class, () -> apiKeyOfGuild1(KEY_A));
        assertTrue(e.getMessage().contains(MISMATCH), e.getMessage());
    }

    @Test
    void rotateKeyWithAWrongCurrentKeyChangesNothing() throws Exception {
        twoGuildsUnder(KEY_A);
        Map<String, String> env = env(KEY_B);
        env.put("STORE_NEW_ENCRYPTION_KEY", KeyCipher.generateKey());

        assertEquals(Main.PROBLEMS, run(env, "rotate-key"));

        assertTrue(text().contains(MISMATCH), text());
        assertTrue(text().contains("Nothing was changed."), text());
        assertNoSecret();
        assertEquals("apikeyLEAKCANARY-1", apiKeyOfGuild1(KEY_A));
    }

    @Test
    void rotateKeyNeedsAValidNewKeyInTheEnvironment() throws Exception {
        twoGuildsUnder(KEY_A);

        assertEquals(Main.BAD_CONFIG, run(env(KEY_A), "rotate-key"));
        assertTrue(text().contains("STORE_NEW_ENCRYPTION_KEY not set"), text());

        Map<String, String> shortKey = env(KEY_A);
        shortKey.put("STORE_NEW_ENCRYPTION_KEY", KEY_B.substring(0, 20));
        assertEquals(Main.BAD_CONFIG, run(shortKey, "rotate-key"));
        assertTrue(text().contains("STORE_NEW_ENCRYPTION_KEY must decode to exactly 32 bytes"), text());
        assertFalse(text().contains(KEY_B.substring(0, 20)), text());

        assertEquals("apikeyLEAKCANARY-1", apiKeyOfGuild1(KEY_A));
        assertNoSecret();
    }

    @Test
    void rotateKeyRefusesAMissingCurrentKey() {
        Map<String, String> env = env(null);
        env.put("HOSTING_MODE", "single");
        env.put("SONORAN_SANDBOX", "true");
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("STORE_NEW_ENCRYPTION_KEY", KEY_B);

        assertEquals(Main.BAD_CONFIG, run(env, "rotate-key"));

        assertTrue(text().contains("store.encryptionKey (STORE_ENCRYPTION_KEY) is not set"), text());
        assertNoSecret();
    }

    @Test
    void aWrongKeyIsRefusedByTheConfigurationBeforeTheStoreIsTouched() {
        assertEquals(Main.BAD_CONFIG, run(env(KEY_A.substring(0, 30)), "check"));

        assertTrue(text().contains("store.encryptionKey (STORE_ENCRYPTION_KEY):"), text());
        assertFalse(text().contains(KEY_A.substring(0, 30)), text());
    }

    @Test
    void checkInMultiModeSaysTheKeyMatchesAndHowManyGuildsAreSetUp() throws Exception {
        twoGuildsUnder(KEY_A);

        assertEquals(Main.OK, run(env(KEY_A), "check"), text());

        assertTrue(text().contains("not checked in multi mode"), text());
        assertTrue(text().contains("Store: store.encryptionKey matches the stored API keys; guilds set up: 2."), text());
        assertTrue(text().contains("All checks passed."), text());
        assertNoSecret();
    }

    @Test
    void checkInMultiModeReportsAWrongKeyAsAProblem() throws Exception {
        twoGuildsUnder(KEY_A);

        assertEquals(Main.PROBLEMS, run(env(KEY_B), "check"));

        assertTrue(text().contains("PROBLEM: " + MISMATCH), text());
        assertNoSecret();
    }

    @Test
    void checkOnAFreshStoreRecordsNoKey() throws Exception {
        assertEquals(Main.OK, run(env(KEY_A), "check"), text());
        assertTrue(text().contains("no API key stored yet"), text());

        // check recorded nothing: another key is still accepted by the first start.
        try (Store store = Store.open(store())) {
            assertEquals(0, store.guildSetups(KeyCipher.of(Secret.of(KEY_B))).count());
        }
    }
}
