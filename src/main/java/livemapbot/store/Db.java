package livemapbot.store;

import com.zaxxer.hikari.HikariDataSource;
import livemapbot.metrics.BotMetrics;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The repositories' one way to the database: borrow a connection, run, give it back, and turn a
 * driver failure into a {@link StoreException} ("the bot's database is unavailable") whose
 * message says what was being done and holds no secret.
 */
final class Db {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    /** Told the duration and outcome of every call ({@link Store#recordWith}); nothing by default. */
    private volatile BotMetrics metrics = BotMetrics.off();

    Db(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none of it.
     *
     * <p>A pooled connection can be dead when it is handed out (cut while idle: a PostgreSQL restart,
     * a firewall dropping the flow; the pool skips its check for a connection used within the last
     * half second). A connection that breaks before the commit is sent leaves nothing behind, because
     * the database rolls back a transaction it never saw committed; so that case is tried once more
     * on a fresh connection, after the pool has dropped its other idle connections (they died too). A failure of the commit itself is never retried: the commit may have
     * happened, and nothing may be recorded twice.
     */
    <T> T run(String doing, Work<T> work) throws StoreException {
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = runWithRetry(doing, work);
            ok = true;
            return result;
        } finally {
            metrics.storeCall(operation(doing), ok, java.time.Duration.ofNanos(System.nanoTime() - start));
        }
    }

    void recordWith(BotMetrics newMetrics) {
        this.metrics = newMetrics;
    }

    /**
     * The metric label of {@code doing}: its words up to the first that holds a digit, so "reading
     * revision 12" and "reading revision 13" are one operation, "reading_revision", and no id leaves.
     */
    static String operation(String doing) {
        StringBuilder label = new StringBuilder();
        for (String word : doing.trim().split("\\s+")) {
            if (word.chars().anyMatch(Character::isDigit)) {
                break;
            }
            if (word.equals("a") || word.equals("an") || word.equals("the")) {
                continue;
            }
            label.append(label.length() == 0 ? "" : "_").append(word.replaceAll("[^A-Za-z]", ""));
        }
        return label.length() == 0 ? "other" : label.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private <T> T runWithRetry(String doing, Work<T> work) throws StoreException {
        try {
            return attempt(doing, work);
        } catch (BrokenBeforeCommit first) {
            // One dead connection usually means all of them died (the database restarted): let the
            // pool replace every idle one, so the second try gets a fresh connection.
            if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            try {
                return attempt(doing, work);
            } catch (BrokenBeforeCommit again) {
                again.cause.addSuppressed(first.cause);
                throw unavailable(doing, again.cause);
            }
        }
    }

    /** {@link #run}: the name says that the caller relies on all-or-nothing. */
    <T> T transaction(String doing, Work<T> work) throws StoreException {
        return run(doing, work);
    }

    /** The connection broke before the commit was sent: nothing of the work was kept. */
    private static final class BrokenBeforeCommit extends Exception {
        final SQLException cause;

        BrokenBeforeCommit(SQLException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private <T> T attempt(String doing, Work<T> work) throws StoreException, BrokenBeforeCommit {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw unavailable(doing, e);
        }
        try {
            T result;
            try {
                connection.setAutoCommit(false);
                result = work.run(connection);
            } catch (SQLException e) {
                rollbackQuietly(connection);
                if (isConnectionFailure(e)) {
                    throw new BrokenBeforeCommit(e);
                }
                throw unavailable(doing, e);
            } catch (RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw unavailable(doing, e);
            }
            return result;
        } finally {
            // The pool restores auto-commit on return and drops a broken connection.
            closeQuietly(connection);
        }
    }

    /** SQL state class 08: the connection is gone (the driver's I/O error, the pool's closed proxy). */
    static boolean isConnectionFailure(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && state.startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // A broken connection: the pool has already evicted it.
        }
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool drops it and the transaction dies with it.
        }
    }

    static StoreException unavailable(String doing, SQLException e) {
        return new StoreException(StoreException.Kind.UNAVAILABLE,
                "The bot's database is unavailable (" + doing + "): " + e.getMessage(), e);
    }

    static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
