package livemapbot.store;

import livemapbot.config.Secret;
import livemapbot.config.StoreSettings;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The databases every store test runs against: SQLite in a temporary file, and a real PostgreSQL
 * when {@code LIVEMAP_TEST_POSTGRES_URL} names one ({@code .ci/run} sets it up). Each PostgreSQL
 * test gets a schema of its own, dropped afterwards, so tests never see each other's rows.
 *
 * <p>Use as {@code @ParameterizedTest @MethodSource("livemapbot.store.TestDatabase#kinds")} with a
 * {@code @TempDir}; {@link #create} skips the PostgreSQL variant, saying how to enable it, when
 * the variable is absent.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String URL_VARIABLE = "LIVEMAP_TEST_POSTGRES_URL";
    static final String USER_VARIABLE = "LIVEMAP_TEST_POSTGRES_USER";
    static final String PASSWORD_VARIABLE = "LIVEMAP_TEST_POSTGRES_PASSWORD";
    public static final String HOW_TO_ENABLE = "PostgreSQL variant skipped: " + URL_VARIABLE + " is not set. To run it,"
            + " point it at a database you may create schemas in, e.g. " + URL_VARIABLE
            + "=jdbc:postgresql://127.0.0.1:5432/livemap_test " + USER_VARIABLE + "=livemap_test "
            + PASSWORD_VARIABLE + "=… mvn test (.ci/run sets this up; README \"Store\").";

    public enum Kind { SQLITE, POSTGRESQL }

    private final Kind kind;
    private final StoreSettings settings;
    private final String schema;

    private TestDatabase(Kind kind, StoreSettings settings, String schema) {
        this.kind = kind;
        this.settings = settings;
        this.schema = schema;
    }

    public static Stream<Kind> kinds() {
        return Stream.of(Kind.SQLITE, Kind.POSTGRESQL);
    }

    /** Whether a PostgreSQL for tests is configured. */
    public static boolean postgresqlAvailable() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && !url.isBlank();
    }

    /** A fresh, empty database of {@code kind}; {@code dir} holds the SQLite file. */
    public static TestDatabase create(Kind kind, Path dir) throws SQLException {
        if (kind == Kind.SQLITE) {
            return new TestDatabase(kind, StoreSettings.sqlite(dir.resolve("data").resolve("livemap-bot.db")), null);
        }
        Assumptions.assumeTrue(postgresqlAvailable(), HOW_TO_ENABLE);
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String base = System.getenv(URL_VARIABLE);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(kind, new StoreSettings(url, user(), Secret.of(password())), schema);
    }

    static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(System.getenv(URL_VARIABLE), user(), password());
    }

    public static String user() {
        String user = System.getenv(USER_VARIABLE);
        return user == null ? "" : user;
    }

    public static String password() {
        String password = System.getenv(PASSWORD_VARIABLE);
        return password == null ? "" : password;
    }

    public Kind kind() {
        return kind;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Opens a store on this database (another "process" when called twice on PostgreSQL). */
    public Store open() throws StoreException {
        return Store.open(settings);
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
