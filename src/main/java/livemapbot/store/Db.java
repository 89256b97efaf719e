package livemapbot.store;

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

    Db(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in auto-commit mode (each statement is its own transaction). */
    <T> T run(String doing, Work<T> work) throws StoreException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw unavailable(doing, e);
        }
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    <T> T transaction(String doing, Work<T> work) throws StoreException {
        try {
            return transactionOnce(doing, work);
        } catch (StaleConnection stale) {
            // The pool handed out a connection that died while the database was away; nothing ran
            // on it, so one more try on a fresh connection is safe.
            try {
                return transactionOnce(doing, work);
            } catch (StaleConnection again) {
                throw unavailable(doing, again.cause);
            }
        }
    }

    /** A pooled connection that failed before any work ran on it. */
    private static final class StaleConnection extends Exception {
        final SQLException cause;

        StaleConnection(SQLException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private <T> T transactionOnce(String doing, Work<T> work) throws StoreException, StaleConnection {
        try (Connection connection = dataSource.getConnection()) {
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw new StaleConnection(e);
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(doing, e);
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
