package livemapbot;

import livemapbot.testing.NoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} reports the store after Sonoran, and a store problem makes it fail. */
class MainCheckStoreTest {
    private static final String CANARY = "mainCheckPasswordLEAKCANARY-77";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int check(String storeUrl) {
        Map<String, String> env = Map.of("DISCORD_GUILD_ID", "123456789012345678", "SONORAN_SANDBOX", "true",
                "STORE_URL", storeUrl, "STORE_PASSWORD", CANARY);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Main.run(new String[]{"check", "--config", NoConfig.path()}, env, print, print);
    }

    @Test
    void aWorkingStoreIsReportedAndTheCheckPasses() {
        Path file = dir.resolve("data").resolve("livemap-bot.db");

        assertEquals(Main.OK, check("jdbc:sqlite:" + file), out.toString(StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Store: SQLite file " + file), text);
        assertTrue(text.contains("Store: reachable, schema version 4"), text);
        assertTrue(text.contains("All checks passed."), text);
        assertTrue(Files.exists(file), "check migrates, so it creates the file");
    }

    @Test
    void anUnreachableStoreIsAProblemAndNoPasswordIsPrinted() {
        assertEquals(Main.PROBLEMS, check("jdbc:postgresql://127.0.0.1:1/livemap?password=" + CANARY));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("PROBLEM: Cannot reach PostgreSQL jdbc:postgresql://127.0.0.1:1/livemap?password=****"),
                text);
        assertTrue(text.contains("1 problem found."), text);
        assertFalse(text.contains(CANARY), text);
    }
}
