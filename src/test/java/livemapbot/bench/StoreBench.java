package livemapbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.cad.ServerList;
import livemapbot.config.Secret;
import livemapbot.config.StoreSettings;
import livemapbot.discord.setmap.DeployDecision;
import livemapbot.discord.setmap.Preview;
import livemapbot.discord.setmap.PreviewStore;
import livemapbot.e2e.BotHarness;
import livemapbot.e2e.fake.LatencyProbe;
import livemapbot.store.Store;
import livemapbot.store.StoreAuditTrail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The store's figures ({@code -Dbench.only=store}, issue 9): {@code BotApplication.start} → ready
 * with an empty SQLite store and with one holding 100,000 revisions; and what the store adds to a
 * {@code /setmap} Confirm. The second is measured on the store's own work for one preview and its
 * Confirm, through the classes the bot uses (store the preview, read it at the click, claim it,
 * record the revision before the write, settle it with the audit line, make the written list the
 * known one), against the same steps without a store (previews in memory, audit line only); the
 * Sonoran read and write in between are the same with or without a store, and on the v1 pace
 * (1 call/s) they would drown a few milliseconds.
 */
final class StoreBench {
    private static final int REVISIONS = 100_000;
    private static final int STARTS = 3;
    private static final int WARMUP = 200;
    private static final int CONFIRMS = 1_000;
    private static final String COMMUNITY = "bench";

    private StoreBench() {
    }

    static void run(Consumer<String> line) throws Exception {
        Path dir = Files.createTempDirectory("livemap-store-bench");
        line.accept("| Store figure (SQLite: a file in a temp dir; PostgreSQL on 127.0.0.1 when"
                + " LIVEMAP_TEST_POSTGRES_URL is set) | Result | Target |");
        line.accept("|---|---|---|");

        List<Long> empty = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            empty.add(startTime(dir.resolve("empty-" + i).resolve("livemap-bot.db")).toNanos());
        }
        Path full = dir.resolve("full").resolve("livemap-bot.db");
        long filled = fill(full);
        List<Long> withRevisions = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            withRevisions.add(startTime(full).toNanos());
        }
        line.accept(String.format(Locale.ROOT, "| `BotApplication.start` → ready, empty SQLite store (created at "
                        + "start) — median of %d | %s | — |", STARTS, Benchmark.ms(LatencyProbe.percentile(empty, 50))));
        line.accept(String.format(Locale.ROOT, "| Same, SQLite store with %,d revisions (%.1f MiB file) — median of %d"
                        + " | %s | ≈ empty |", REVISIONS, filled / (1024.0 * 1024.0), STARTS,
                Benchmark.ms(LatencyProbe.percentile(withRevisions, 50))));

        List<Long> without = confirmWork(null);
        try (Store sqlite = Store.open(StoreSettings.sqlite(dir.resolve("confirm").resolve("livemap-bot.db")))) {
            List<Long> withSqlite = confirmWork(sqlite);
            line.accept("| Store work per `/setmap` preview + Confirm, without a store (memory, audit line only) — "
                    + "median / p99 / max (n=" + CONFIRMS + ") | " + summary(without) + " | — |");
            line.accept("| Same with the SQLite store (WAL, synchronous=FULL) — median / p99 / max | "
                    + summary(withSqlite) + " | store adds < 5 ms at the median |");
            line.accept("| Added by the SQLite store at the median | " + Benchmark.ms(
                    LatencyProbe.percentile(withSqlite, 50) - LatencyProbe.percentile(without, 50)) + " | < 5 ms |");
        }
        String url = System.getenv("LIVEMAP_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            String user = System.getenv().getOrDefault("LIVEMAP_TEST_POSTGRES_USER", "");
            String password = System.getenv().getOrDefault("LIVEMAP_TEST_POSTGRES_PASSWORD", "");
            String schema = "bench_" + Long.toHexString(System.nanoTime());
            try (Connection admin = DriverManager.getConnection(url, user, password);
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            try (Store pg = Store.open(new StoreSettings(url + (url.contains("?") ? "&" : "?") + "currentSchema="
                    + schema, user, Secret.of(password)))) {
                line.accept("| Same with PostgreSQL on 127.0.0.1 — median / p99 / max | " + summary(confirmWork(pg))
                        + " | — |");
            } finally {
                try (Connection admin = DriverManager.getConnection(url, user, password);
                     Statement statement = admin.createStatement()) {
                    statement.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static String summary(List<Long> nanos) {
        return Benchmark.ms(LatencyProbe.percentile(nanos, 50)) + " / " + Benchmark.ms(LatencyProbe.percentile(nanos, 99))
                + " / " + Benchmark.ms(nanos.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private static Duration startTime(Path file) {
        BotHarness h = BotHarness.builder().env("STORE_URL", "jdbc:sqlite:" + file).start();
        try {
            return h.startTime;
        } finally {
            h.close();
        }
    }

    /** Migrates a store at {@code file} and puts {@link #REVISIONS} revisions in it (one transaction); its size. */
    private static long fill(Path file) throws Exception {
        Store.open(StoreSettings.sqlite(file)).close();
        String entry = "{\"id\":%d,\"name\":\"Server %d\",\"description\":\"A bench server\",\"mapIp\":\"10.0.0.1\","
                + "\"listenerPort\":\"3000\",\"enableMap\":true,\"mapType\":\"NORMAL\",\"custom\":{\"a\":1}}";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (PreparedStatement revision = c.prepareStatement("INSERT INTO revisions (id, community, created_at,"
                    + " member_id, member_name, source, before_json, after_json, deploy, outcome, before_index)"
                    + " VALUES (?, ?, ?, 42, 'Bench', 'bot', ?, ?, 0, 'applied', 0)");
                 PreparedStatement server = c.prepareStatement(
                         "INSERT INTO revision_servers (revision_id, community, server_id) VALUES (?, ?, ?)")) {
                long t0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
                for (int i = 1; i <= REVISIONS; i++) {
                    int id = 1 + i % 25;
                    revision.setLong(1, i);
                    revision.setString(2, COMMUNITY);
                    revision.setLong(3, t0 + i * 60_000L);
                    revision.setString(4, String.format(Locale.ROOT, entry, id, id));
                    revision.setString(5, String.format(Locale.ROOT, entry, id, id).replace("Server", "Edited"));
                    revision.addBatch();
                    server.setLong(1, i);
                    server.setString(2, COMMUNITY);
                    server.setInt(3, id);
                    server.addBatch();
                    if (i % 5_000 == 0) {
                        revision.executeBatch();
                        server.executeBatch();
                    }
                }
            }
            c.commit();
        }
        return Files.size(file);
    }

    /** Nanoseconds of the store's work for each of {@link #CONFIRMS} previews and Confirms (after a warm-up). */
    private static List<Long> confirmWork(Store store) throws Exception {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        List<ServerEntry> servers = new ArrayList<>();
        for (int id = 1; id <= 25; id++) {
            servers.add(ServerEntry.fromJson(json.readTree(String.format(Locale.ROOT, "{\"id\":%d,\"name\":\"S%d\","
                    + "\"description\":\"\",\"mapIp\":\"10.0.0.1\",\"listenerPort\":\"3000\",\"custom\":{\"a\":1}}", id, id))));
        }
        AuditTrail file = record -> { };
        AuditTrail trail = store == null ? file : new StoreAuditTrail(file, store, COMMUNITY, clock);
        PreviewStore<Preview> previews = store == null ? new PreviewStore<>(clock, PreviewStore.DEFAULT_CAPACITY)
                : PreviewStore.stored(clock, store.previews(), COMMUNITY);
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < WARMUP + CONFIRMS; i++) {
            ServerEntry seen = servers.get(i % servers.size());
            MapChanges changes = MapChanges.none().with(ServerField.NAME, "Renamed " + i);
            ServerEntry after = changes.applyTo(seen);
            List<ServerEntry> written = new ArrayList<>(servers);
            written.set(i % servers.size(), after);
            ServerList list = new ServerList(written, clock.instant());
            long start = System.nanoTime();
            String key = previews.put(new Preview(42L, "Bench", seen.id(), seen, changes, DeployDecision.NOT_NEEDED,
                    clock.instant().plusSeconds(600)));
            previews.peek(key).orElseThrow();
            Preview taken = previews.take(key).orElseThrow();
            AuditTrail.Attempt attempt = trail.begin(new AuditTrail.PlannedChange(42L, "Bench", taken.serverId(),
                    seen, after, false));
            attempt.end(new AuditRecord(clock.instant(), 42L, "Bench", "setmap", taken.serverId(), taken.diff(), false,
                    "success"), new AuditTrail.Written(seen, after, i % servers.size(), list));
            long took = System.nanoTime() - start;
            if (i >= WARMUP) {
                nanos.add(took);
            }
        }
        return nanos;
    }
}
