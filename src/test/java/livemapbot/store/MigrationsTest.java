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
    private static final int CURRENT = 4;

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
            try (Store old = Store.open(database.settings(), "2")) {
                assertEquals(2, old.schemaVersion());
                // Written as version 2 wrote it (this bot's Revisions writes version 3's columns).
                old.db().run("writing a version-2 row", connection -> {
                    try (java.sql.Statement statement = connection.createStatement()) {
                        statement.executeUpdate("INSERT INTO revisions (id, community, created_at, member_id,"
                                + " member_name, source, before_json, after_json, deploy, outcome) VALUES (1, 'c1',"
                                + " 1767225600000, 1, 'Ann', 'bot', '{\"id\":4}', '{\"id\":4,\"x\":1}', false,"
                                + " 'applied')");
                        return statement.executeUpdate("INSERT INTO revision_servers (revision_id, community,"
                                + " server_id) VALUES (1, 'c1', 4)");
                    }
                });
            }
            try (Store store = database.open()) {
                assertEquals(CURRENT, store.schemaVersion());
                Revision kept = store.revisions().newestFirst("c1", OptionalInt.of(4), 0, 1).get(0);
                assertEquals("{\"id\":4,\"x\":1}", kept.afterJson());
                assertEquals(null, kept.beforeIndex(), "a row from before version 3 has no known position");
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
            assertEquals(5, appliedMigrations(database), "nothing was applied or undone");
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
