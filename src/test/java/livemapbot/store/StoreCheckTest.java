package livemapbot.store;

import livemapbot.config.Secret;
import livemapbot.config.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 9: "check reports the store: which database, reachable, schema version, and problems with their fix". */
class StoreCheckTest {
    private static final String CANARY = "checkPasswordLEAKCANARY-2024";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private List<String> check(StoreSettings settings) {
        return StoreCheck.run(settings, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aNewSqliteStoreIsCreatedMigratedAndReported() {
        Path file = dir.resolve("data").resolve("livemap-bot.db");

        assertEquals(List.of(), check(StoreSettings.sqlite(file)));

        assertEquals("Store: SQLite file " + file + "\nStore: reachable, schema version 4 (up to date).\n",
                output().replace("\r\n", "\n"));
    }

    @Test
    void aDirectoryTheBotCannotCreateIsAProblemWithItsFix() throws Exception {
        Files.writeString(dir.resolve("data"), "a file");

        List<String> problems = check(StoreSettings.sqlite(dir.resolve("data").resolve("livemap-bot.db")));

        assertEquals(1, problems.size());
        assertTrue(output().contains("PROBLEM: The store's directory " + dir.resolve("data") + " cannot be created"),
                output());
    }

    @Test
    void aSchemaNewerThanThisBotIsAProblem() throws Exception {
        StoreSettings settings = StoreSettings.sqlite(dir.resolve("livemap-bot.db"));
        Store.open(settings, null, "classpath:db/future").close();

        List<String> problems = check(settings);

        assertEquals(1, problems.size());
        assertTrue(output().contains("PROBLEM: The store SQLite file " + dir.resolve("livemap-bot.db")
                + " has schema version 99, newer than this version of the bot knows (4)"), output());
    }

    @Test
    void anSqliteFileHeldByTheRunningBotIsNotAProblem() throws Exception {
        StoreSettings settings = StoreSettings.sqlite(dir.resolve("livemap-bot.db"));
        try (Store running = Store.open(settings)) {
            assertEquals(List.of(), check(settings));
        }
        assertTrue(output().contains("Store: in use by a running livemap-bot process"), output());
    }

    @Test
    void aPostgresqlThatIsDownIsAProblemAndThePasswordIsNeverPrinted() {
        List<String> problems = check(new StoreSettings("jdbc:postgresql://127.0.0.1:1/livemap?password=" + CANARY,
                "bot", Secret.of(CANARY)));

        assertEquals(1, problems.size());
        assertTrue(output().startsWith("Store: PostgreSQL jdbc:postgresql://127.0.0.1:1/livemap?password=****"
                + " as user \"bot\"\nPROBLEM: Cannot reach PostgreSQL"), output());
        assertFalse(output().contains(CANARY), output());
    }

    @Test
    void aPostgresqlThatRefusesTheLoginIsAProblemNamingTheSettings() {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);

        List<String> problems = check(new StoreSettings(System.getenv(TestDatabase.URL_VARIABLE), TestDatabase.user(),
                Secret.of(CANARY)));

        assertEquals(1, problems.size());
        assertTrue(output().contains("refused the login: check store.user and store.password"), output());
        assertFalse(output().contains(CANARY), output());
    }
}
