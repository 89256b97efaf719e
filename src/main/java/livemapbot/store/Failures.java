package livemapbot.store;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns what the drivers, the pool and Flyway throw while opening the store into one
 * {@link StoreException} per cause an operator can fix, each saying how.
 */
final class Failures {
    private Failures() {
    }

    /** A failure while connecting to, or first using, the database. */
    static StoreException fromOpen(Throwable e, Dialect dialect, String description) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String text = chainText(e);
        if (dialect == Dialect.SQLITE) {
            if (text.contains("SQLITE_NOTADB") || text.contains("SQLITE_CORRUPT")) {
                return new StoreException(StoreException.Kind.CORRUPT, "The store " + description
                        + " is not an SQLite database, or it is damaged. Stop the bot, move the file away (keep it"
                        + " for recovery) and put back the last backup, or start without it for an empty store.", e);
            }
            if (text.contains("SQLITE_CANTOPEN") || text.contains("SQLITE_READONLY") || text.contains("SQLITE_PERM")
                    || text.contains("SQLITE_AUTH")) {
                return new StoreException(StoreException.Kind.NOT_WRITABLE, "The store " + description
                        + " cannot be opened for writing: let the bot's user (" + System.getProperty("user.name")
                        + ") write the file and its directory, or point store.url at another file.", e);
            }
            return new StoreException(StoreException.Kind.UNAVAILABLE,
                    "The store " + description + " cannot be opened: " + firstMessage(e), e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new StoreException(StoreException.Kind.LOGIN_REFUSED, description
                    + " refused the login: check store.user and store.password (STORE_USER / STORE_PASSWORD), and that pg_hba.conf"
                    + " admits this host.", e);
        }
        if (state.equals("3D000")) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, description
                    + " has no such database: create it (createdb -O USER DATABASE) or correct store.url.", e);
        }
        if (state.equals("42501")) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, description
                    + " does not let the user create the bot's tables: make it the database's owner (ALTER DATABASE … OWNER TO …).", e);
        }
        if (state.startsWith("08") || find(e, ConnectException.class) != null
                || find(e, UnknownHostException.class) != null) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, "Cannot reach " + description
                    + ": " + firstMessage(e) + " Start it, or check store.url's host and port and the firewall.", e);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE,
                "Cannot use " + description + ": " + firstMessage(e), e);
    }

    /** A failure while Flyway read or migrated the schema. */
    static StoreException fromMigration(RuntimeException e, String description) {
        SQLException sql = find(e, SQLException.class);
        if (sql != null && (chainText(e).contains("SQLITE_NOTADB") || chainText(e).contains("SQLITE_CORRUPT")
                || "28P01".equals(sql.getSQLState()))) {
            return fromOpen(e, description.startsWith("SQLite") ? Dialect.SQLITE : Dialect.POSTGRESQL, description);
        }
        return new StoreException(StoreException.Kind.MIGRATION_FAILED, "Updating the schema of the store "
                + description + " failed: " + firstMessage(e)
                + " Nothing was half-applied where the database supports it; restore a backup if the bot still"
                + " refuses to start.", e);
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String chainText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString().toUpperCase(Locale.ROOT);
    }

    /** The innermost useful message, one line, ending with a full stop. */
    private static String firstMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName() + ".";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.endsWith(".") ? line : line + ".";
    }
}
