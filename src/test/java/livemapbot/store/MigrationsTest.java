package livemapbot.store;

import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema: an empty database and one at the previous version migrate; a newer one is refused. */
class MigrationsTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    /** The version this bot's migrations end at; raise it with each new migration. */
    private static final int CURRENT = 2;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void anEmptyDatabaseIsMigratedToTheCurrentVersion(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            assertEquals(CURRENT, store.schemaVersion());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aDatabaseAtThePreviousVersionMigratesAndKeepsItsRows(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store old = Store.open(database.settings(), "1")) {
                assertEquals(1, old.schemaVersion());
                old.revisions().append(new NewRevision(Instant.parse("2026-01-01T00:00:00Z"), "c1", 1L, "Ann",
                        RevisionSource.BOT, List.of(4), "{\"id\":4}", "{\"id\":4,\"x\":1}", false,
                        RevisionOutcome.APPLIED, null, null));
            }
            try (Store store = database.open()) {
                assertEquals(CURRENT, store.schemaVersion());
                Revision kept = store.revisions().newestFirst("c1", OptionalInt.of(4), 0, 1).get(0);
                assertEquals("{\"id\":4,\"x\":1}", kept.afterJson());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aSchemaNewerThanThisBotIsRefusedAndLeftAlone(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store newer = Store.open(database.settings(), null, "classpath:db/future")) {
                assertEquals(99, newer.schemaVersion());
            }

            StoreException e = assertThrows(StoreException.class, database::open);

            assertEquals(StoreException.Kind.SCHEMA_TOO_NEW, e.kind());
            assertTrue(e.getMessage().contains("schema version 99, newer than this version of the bot knows ("
                    + CURRENT + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("Run that newer version, or restore a backup"), e.getMessage());
            assertEquals(3, appliedMigrations(database), "nothing was applied or undone");
            // And the refusal is not a one-off: the database is still usable by the newer bot.
            try (Store newer = Store.open(database.settings(), null, "classpath:db/future")) {
                assertEquals(99, newer.schemaVersion());
            }
        }
    }

    private static int appliedMigrations(TestDatabase database) throws Exception {
        String url = database.settings().url();
        try (Connection connection = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success = "
                     + (database.kind() == Kind.SQLITE ? "1" : "true"))) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
