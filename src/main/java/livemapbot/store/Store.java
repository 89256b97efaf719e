package livemapbot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import livemapbot.cad.CadException;
import livemapbot.cad.WriteLock;
import livemapbot.config.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bot's database: what it knows between two commands and across restarts (revisions, open
 * previews, the deploy gate, the last known server lists), on SQLite (default: one file, one
 * process) or PostgreSQL (several processes share it).
 *
 * <p>{@link #open} connects, takes the SQLite file's process lock, and brings the schema up to
 * date (refusing one newer than this bot knows); every failure is a {@link StoreException} whose
 * message says what to fix and holds no password. The repositories take plain values (no Discord
 * types) and every row is keyed by its community. Thread-safe.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    /** How long {@link #withCommunityLock} waits for another holder before giving up. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final int POSTGRESQL_POOL_SIZE = 8;
    /** How long a PostgreSQL call waits for a connection before "the bot's database is unavailable". */
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);

    /** Work done while holding a community's lock. */
    @FunctionalInterface
    public interface LockedWork<T, E extends Exception> {
        T run() throws E;
    }

    private final Dialect dialect;
    private final String description;
    private final HikariDataSource dataSource;
    private final SqliteFileLock fileLock;
    private final int schemaVersion;
    private final Db db;
    private final Map<String, ReentrantLock> communityLocks = new ConcurrentHashMap<>();
    private final Revisions revisions;
    private final OpenPreviews previews;
    private final DeployGateStore deployGate;
    private final KnownLists knownLists;

    private Store(Dialect dialect, String description, HikariDataSource dataSource, SqliteFileLock fileLock,
            int schemaVersion) {
        this.dialect = dialect;
        this.description = description;
        this.dataSource = dataSource;
        this.fileLock = fileLock;
        this.schemaVersion = schemaVersion;
        this.db = new Db(dataSource, dialect);
        this.revisions = new Revisions(db);
        this.previews = new OpenPreviews(db);
        this.deployGate = new DeployGateStore(db);
        this.knownLists = new KnownLists(db);
    }

    /** Opens the store {@code settings} name and migrates its schema. */
    public static Store open(StoreSettings settings) throws StoreException {
        return open(settings, null);
    }

    /** As {@link #open(StoreSettings)}, migrating only up to {@code target} and with extra migrations (tests). */
    static Store open(StoreSettings settings, String target, String... extraLocations) throws StoreException {
        if (settings.isSqlite()) {
            return openSqlite(settings, target, extraLocations);
        }
        if (settings.isPostgresql()) {
            return openPostgresql(settings, target, extraLocations);
        }
        throw new StoreException(StoreException.Kind.UNAVAILABLE, "store.url " + settings.maskedUrl()
                + " is neither jdbc:sqlite: nor jdbc:postgresql:");
    }

    /** Which database, for logs and {@code check}: "SQLite file …" or "PostgreSQL jdbc:postgresql://…" (masked). */
    public static String describe(StoreSettings settings) {
        if (settings.isSqlite()) {
            Path file = sqliteFile(settings);
            return "SQLite file " + (file == null ? settings.maskedUrl() : file.toString());
        }
        return "PostgreSQL " + settings.maskedUrl()
                + (settings.user().isEmpty() ? "" : " as user \"" + settings.user() + "\"");
    }

    private static Store openSqlite(StoreSettings settings, String target, String... extraLocations)
            throws StoreException {
        Path file = sqliteFile(settings);
        String description = describe(settings);
        SqliteFileLock lock = null;
        String url = settings.url();
        if (file != null) {
            prepareDirectory(file, description);
            lock = SqliteFileLock.acquire(file);
            String rest = settings.url().substring(StoreSettings.SQLITE_PREFIX.length());
            int query = rest.indexOf('?');
            url = StoreSettings.SQLITE_PREFIX + file + (query < 0 ? "" : rest.substring(query));
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("store-sqlite");
        config.setJdbcUrl(url);
        // One connection: the file has one owner, and one writer at a time never meets SQLITE_BUSY.
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setMaxLifetime(0);
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("journal_mode", "WAL");
        // FULL: a committed revision survives a power loss, like the fsync'd audit line.
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        return start(config, Dialect.SQLITE, description, lock, target, extraLocations);
    }

    private static Store openPostgresql(StoreSettings settings, String target, String... extraLocations)
            throws StoreException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("store-postgresql");
        config.setJdbcUrl(settings.url());
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isBlank()) {
            config.setPassword(settings.password().reveal());
        }
        config.setMaximumPoolSize(POSTGRESQL_POOL_SIZE);
        config.setMinimumIdle(1);
        // A button click reads its preview on JDA's event thread: with the database down, the click
        // must still be answered ("database unavailable") inside Discord's 3-second window.
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("ApplicationName", "livemap-bot");
        config.addDataSourceProperty("connectTimeout", "10");
        return start(config, Dialect.POSTGRESQL, describe(settings), null, target, extraLocations);
    }

    private static Store start(HikariConfig config, Dialect dialect, String description, SqliteFileLock lock,
            String target, String... extraLocations) throws StoreException {
        HikariDataSource dataSource = null;
        try {
            try {
                dataSource = new HikariDataSource(config);
                try (Connection connection = dataSource.getConnection();
                     Statement statement = connection.createStatement()) {
                    // The first real read: a damaged SQLite file or a missing grant shows here.
                    statement.executeQuery(dialect == Dialect.SQLITE
                            ? "SELECT count(*) FROM sqlite_master" : "SELECT 1").close();
                }
            } catch (SQLException | RuntimeException e) {
                throw Failures.fromOpen(e, dialect, description);
            }
            int version = Migrations.migrate(dataSource, dialect, description, target, extraLocations);
            Store store = new Store(dialect, description, dataSource, lock, version);
            LOG.info("store: {}, schema version {}", description, version);
            return store;
        } catch (StoreException | RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    /** The SQLite file of the URL (absolute), or null for an in-memory database. */
    static Path sqliteFile(StoreSettings settings) {
        String rest = settings.url().substring(StoreSettings.SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        if (name.isEmpty() || name.startsWith(":memory:")) {
            return null;
        }
        return Path.of(name).toAbsolutePath().normalize();
    }

    private static void prepareDirectory(Path file, String description) throws StoreException {
        Path directory = file.getParent();
        String user = System.getProperty("user.name");
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreException.Kind.NOT_WRITABLE, "The store's directory " + directory
                    + " cannot be created: a file of that name is in the way. Move it, or point store.url at"
                    + " another file.");
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.NOT_WRITABLE, "The store's directory " + directory
                    + " cannot be created (" + e.getClass().getSimpleName() + "): create it and let the bot's user ("
                    + user + ") write in it, or point store.url at another file.");
        }
        if (!Files.isWritable(directory)) {
            throw new StoreException(StoreException.Kind.NOT_WRITABLE, "The bot's user (" + user + ") may not write"
                    + " in " + directory + ", where the store " + description + " keeps its files: fix the"
                    + " directory's permissions, or point store.url at another file.");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new StoreException(StoreException.Kind.NOT_WRITABLE, "The bot's user (" + user + ") may not write"
                    + " the store " + description + ": fix the file's permissions.");
        }
    }

    /** "SQLite file …" or "PostgreSQL jdbc:postgresql://…" with any password masked. */
    public String description() {
        return description;
    }

    public boolean isPostgresql() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** The schema version after start-up's migrations. */
    public int schemaVersion() {
        return schemaVersion;
    }

    public Revisions revisions() {
        return revisions;
    }

    public OpenPreviews previews() {
        return previews;
    }

    public DeployGateStore deployGate() {
        return deployGate;
    }

    public KnownLists knownLists() {
        return knownLists;
    }

    /**
     * Counts and times every database call in {@code metrics} (README "Metrics and health"), by
     * operation without ids. Set once, at start-up.
     */
    public void recordWith(livemapbot.metrics.BotMetrics metrics) {
        db.recordWith(metrics);
    }

    /**
     * Whether the database answers a trivial query within {@code timeout} (for {@code /health}).
     *
     * @throws StoreException when it does not; the message holds no secret
     */
    public void ping(java.time.Duration timeout) throws StoreException {
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        db.run("checking the database", connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(seconds);
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    Db db() {
        return db;
    }

    /**
     * The hosted guilds' settings (multi mode), their API keys encrypted with {@code cipher}. First
     * proves that {@code cipher}'s key is the one the store's keys were encrypted with, and on the
     * first call with a key ever, records it (an encrypted canary), so a wrong
     * {@code store.encryptionKey} is refused at start whether or not a guild is set up yet.
     *
     * @throws StoreException {@link StoreException.Kind#KEY_MISMATCH} "store.encryptionKey does not
     *                        match the key the stored API keys were encrypted with (see README:
     *                        rotating the key)"; UNAVAILABLE when the database fails
     */
    public GuildSetupStore guildSetups(KeyCipher cipher) throws StoreException {
        return guildSetups(cipher, Clock.systemUTC());
    }

    /** As {@link #guildSetups(KeyCipher)}, stamping {@code updated_at} from {@code clock}. */
    public GuildSetupStore guildSetups(KeyCipher cipher, Clock clock) throws StoreException {
        GuildSetupStore.verify(db, cipher, true);
        return new GuildSetupStore(db, cipher, clock);
    }

    /**
     * For {@code check}: whether {@code cipher} holds the store's key, without recording anything.
     *
     * @throws StoreException KEY_MISMATCH when it does not
     */
    public GuildSetupStore.KeyState checkEncryptionKey(KeyCipher cipher) throws StoreException {
        return GuildSetupStore.verify(db, cipher, false);
    }

    /**
     * {@code rotate-key}: re-encrypts every stored API key (and the key check) from {@code current}
     * to {@code next} in one transaction; on any failure nothing is changed.
     *
     * @return how many API keys were re-encrypted
     * @throws StoreException KEY_MISMATCH when {@code current} is not the store's key
     */
    public int rotateEncryptionKey(KeyCipher current, KeyCipher next) throws StoreException {
        return GuildSetupStore.rotate(db, current, next);
    }

    /**
     * Runs {@code work} while no other thread, and (on PostgreSQL) no other process sharing the
     * database, runs work for the same community: for a read-modify-write of its server list.
     *
     * <p>PostgreSQL: {@code pg_advisory_xact_lock} on a 64-bit hash of the community, in a
     * transaction held open (on a connection of its own) for the duration of {@code work}; a
     * process that dies lets go of it with its connection. SQLite: an in-process lock only (the
     * file has one owning process). In both, threads of this process queue on an in-process lock
     * first, so one waiting community ties up at most one pooled connection. The work's own
     * store calls use other connections and commit on their own. Re-entrant.
     *
     * @throws StoreException LOCK_TIMEOUT when the lock is not free within 30 seconds;
     *                        UNAVAILABLE when the database fails. Then {@code work} has not run.
     */
    public <T, E extends Exception> T withCommunityLock(String community, LockedWork<T, E> work)
            throws StoreException, E {
        ReentrantLock local = communityLocks.computeIfAbsent(community, c -> new ReentrantLock(true));
        try {
            if (!local.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw lockTimeout(community);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.LOCK_TIMEOUT,
                    "Interrupted while waiting for community " + community + "'s lock.");
        }
        try {
            if (dialect == Dialect.SQLITE || local.getHoldCount() > 1) {
                return work.run();
            }
            return underAdvisoryLock(community, work);
        } finally {
            local.unlock();
        }
    }

    private <T, E extends Exception> T underAdvisoryLock(String community, LockedWork<T, E> work)
            throws StoreException, E {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw Db.unavailable("taking community " + community + "'s lock", e);
        }
        try (connection) {
            try {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = " + LOCK_WAIT.toMillis());
                }
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, advisoryKey(community));
                    lock.executeQuery().close();
                }
            } catch (SQLException e) {
                Db.rollbackQuietly(connection);
                if ("55P03".equals(e.getSQLState())) {
                    throw lockTimeout(community);
                }
                throw Db.unavailable("taking community " + community + "'s lock", e);
            }
            try {
                return work.run();
            } finally {
                // Ends the transaction, which releases the advisory lock; nothing was written in it.
                Db.rollbackQuietly(connection);
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // A broken connection is dropped by the pool.
                }
            }
        } catch (SQLException e) {
            throw Db.unavailable("releasing community " + community + "'s lock", e);
        }
    }

    /**
     * {@link #withCommunityLock} as the cad layer's {@link WriteLock}, for
     * {@code ServerDirectory.shareWritesWith}: a lock that cannot be taken is a
     * {@link CadException.Kind#UNAVAILABLE} saying the database is unavailable and nothing was changed.
     */
    public WriteLock writeLock(String community) {
        return new WriteLock() {
            @Override
            public <T> T around(WriteLock.Work<T> work) throws CadException {
                try {
                    return withCommunityLock(community, work::run);
                } catch (StoreException e) {
                    throw new CadException(CadException.Kind.UNAVAILABLE, e.kind() == StoreException.Kind.LOCK_TIMEOUT
                            ? "Another change to this community took too long; nothing was changed. Try again."
                            : "The bot's database is unavailable; nothing was changed. Try again in a few minutes.",
                            "store lock: " + e.getMessage(), null, e);
                }
            }
        };
    }

    private static StoreException lockTimeout(String community) {
        return new StoreException(StoreException.Kind.LOCK_TIMEOUT, "Another change to community " + community
                + " held its lock for more than " + LOCK_WAIT.toSeconds() + " seconds; try again.");
    }

    /** A stable 64-bit key for {@code pg_advisory_xact_lock}: the first 8 bytes of a SHA-256. */
    static long advisoryKey(String community) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("livemap-bot/community/" + community).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (hash[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (fileLock != null) {
            fileLock.close();
        }
    }
}
