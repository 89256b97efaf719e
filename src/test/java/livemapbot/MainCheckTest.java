package livemapbot;

import livemapbot.testing.NoConfig;
import livemapbot.cad.emulator.SonoranEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} against the embedded emulator: no network beyond 127.0.0.1. */
class MainCheckTest {
    private final SonoranEmulator emulator = SonoranEmulator.builder().build().start();
    @TempDir
    Path storeDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Map<String, String> env(String key) {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("SONORAN_API_URL", emulator.baseUrl());
        env.put("SONORAN_COMMUNITY_ID", emulator.communityId());
        env.put("SONORAN_API_KEY", key);
        env.put("ACCESS_EDIT_ROLE_IDS", "223456789012345678");
        return env;
    }

    private int check(Map<String, String> env) {
        // The store of a check run lives in the test's own directory, not in ./data.
        Map<String, String> withStore = new HashMap<>(env);
        withStore.putIfAbsent("STORE_URL", "jdbc:sqlite:" + storeDir.resolve("livemap-bot.db"));
        return Main.run(new String[]{"check", "--config", NoConfig.path()}, withStore,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheServersAndPassesWithGoodCredentials() {
        assertEquals(Main.OK, check(env(emulator.apiKey())), output());
        String text = output();
        // Issue 12: check prints the plan and what it allows.
        assertTrue(text.contains("Plan: PLUS (level 3): reading and changing servers"), text);
        assertTrue(text.contains("Main Server"), text);
        assertTrue(text.contains("Training Server"), text);
        assertTrue(text.contains("All checks passed."), text);
    }

    @Test
    void aBadKeyFailsWithAClearLineAndNeverPrintsTheKey() {
        String wrongKey = "wrong-key-" + "0123456789abcdef";
        assertEquals(Main.PROBLEMS, check(env(wrongKey)));
        String text = output();
        assertTrue(text.contains("PROBLEM:") && text.contains("In-Game Integration"), text);
        assertEquals(1, text.split("PROBLEM:", -1).length - 1, "one problem, not the same one twice: " + text);
        assertFalse(text.contains(wrongKey), text);
        assertFalse(text.contains(emulator.apiKey()), text);
    }

    @Test
    void aPlanTooLowForEditingIsAProblemWhenEditRolesAreSet() {
        emulator.setPlan(2);
        assertEquals(Main.PROBLEMS, check(env(emulator.apiKey())));
        assertTrue(output().contains("need Plus"), output());
        assertTrue(output().contains("Plan: STANDARD (level 2): reading servers only"), output());
        assertTrue(output().contains("Sonoran CAD admin › billing"), "where to upgrade: " + output());
    }

    @Test
    void anInvalidConfigurationExitsBeforeCallingAnything() {
        Map<String, String> env = env(emulator.apiKey());
        env.put("DISCORD_GUILD_ID", "not-a-number");
        assertEquals(Main.BAD_CONFIG, check(env));
        assertTrue(output().contains("DISCORD_GUILD_ID"), output());
        assertEquals(0, emulator.totalCalls());
    }

    @Test
    void sandboxModeChecksAgainstItsOwnEmulator() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("SONORAN_SANDBOX", "true");
        assertEquals(Main.OK, check(env), output());
        assertTrue(output().contains("Main Server"), output());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(Main.USAGE, Main.run(new String[]{"bogus"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(output().contains("Usage:"));
    }

    // ----- issue 8 ----------------------------------------------------------------------------

    @Test
    void checkSaysWhichConfigurationFileItRead() {
        assertEquals(Main.OK, check(env(emulator.apiKey())), output());
        assertTrue(output().contains("Configuration file: " + NoConfig.file().toAbsolutePath().normalize()),
                output());
    }

    /** check passed a CHANGE_ME token that run rejects: the same validation now. */
    @Test
    void checkRejectsAPlaceholderTokenAsRunDoes() {
        Map<String, String> env = env(emulator.apiKey());
        env.put("DISCORD_TOKEN", "CHANGE_ME_bot_token");
        assertEquals(Main.BAD_CONFIG, check(env), output());
        assertTrue(output().contains("discord.token (DISCORD_TOKEN): still the placeholder"), output());
        assertEquals(0, emulator.totalCalls());
    }

    /** A directory as audit.path passed check and failed only at the first audit write. */
    @Test
    void checkRejectsAnAuditPathThatIsADirectory(@TempDir Path dir) {
        Map<String, String> env = env(emulator.apiKey());
        env.put("AUDIT_PATH", dir.toString());
        assertEquals(Main.BAD_CONFIG, check(env), output());
        assertTrue(output().contains("audit.path (AUDIT_PATH): is a directory"), output());
        assertTrue(output().contains("Configuration file: "), "the error names the file read: " + output());
    }

    /** run validates audit.path before it connects anywhere: exit 3 (configuration), not 4 (Discord). */
    @Test
    void runRejectsAnUnusableAuditPathBeforeConnecting(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "");
        Map<String, String> env = env(emulator.apiKey());
        env.put("DISCORD_TOKEN", "MTA5.test.token-for-a-closed-port");
        env.put("DISCORD_REST_URL", "http://127.0.0.1:9/api/v10/");
        env.put("AUDIT_PATH", notADirectory.resolve("audit.jsonl").toString());

        int code = Main.run(new String[]{"run", "--config", NoConfig.path()}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                (name, hook) -> {
                    throw new AssertionError("the bot must not start");
                });

        assertEquals(Main.BAD_CONFIG, code, output());
        assertTrue(output().contains("audit.path (AUDIT_PATH): cannot be created: "), output());
        assertEquals(0, emulator.totalCalls());
    }

    @Test
    void checkPrintsAWarningForAKeySetTwice(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config.properties"),
                "sonoran.cacheSeconds=5\nsonoran.cacheSeconds=6\n", StandardCharsets.UTF_8);
        int code = Main.run(new String[]{"check", "--config", config.toString()}, env(emulator.apiKey()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, code, output());
        assertTrue(output().contains("WARNING: sonoran.cacheSeconds (in " + config
                + "): set more than once; the last value is used"), output());
    }

    /** Issue 8 #6: an API key pasted into sonoran.communityId is valid syntax, but check must not print it. */
    @Test
    void aKeyPastedIntoTheCommunityIdIsNotPrintedByCheck() {
        Map<String, String> env = env(emulator.apiKey());
        String pasted = "0d4c7e19-6a2b-4f8e-9c31-5e7d2b8a9f60"; // unique: SecretMasker is process-wide
        env.put("SONORAN_COMMUNITY_ID", pasted);

        assertEquals(Main.PROBLEMS, check(env), output());

        assertTrue(output().contains("community \"0d4c…\" (36 characters, not shown)"), output());
        assertFalse(output().contains("7e19-6a2b"), output());
    }
}
