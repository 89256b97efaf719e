package livemapbot.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.CadClient;
import livemapbot.cad.CadException;
import livemapbot.cad.CadPlan;
import livemapbot.cad.CallPacer;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.discord.setmap.DeployDecision;
import livemapbot.discord.setmap.Preview;
import livemapbot.discord.setmap.PreviewStore;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9: two bot processes sharing one PostgreSQL, played by two {@link ServerDirectory}/{@link Store}
 * pairs in one JVM against one CAD. Each directory serializes only its own threads; what keeps the
 * two from interleaving a read-modify-write of the whole list is the store's lock, handed to the
 * directory as its {@code WriteLock}.
 */
class TwoProcessesTest {
    private static final String COMMUNITY = "c1";
    private static final int SERVERS = 25;

    @TempDir
    Path dir;

    /** One CAD for both processes: the list, replaced whole by each write, as set_servers does. */
    private static final class SharedCad implements CadClient {
        private final ObjectMapper json = new ObjectMapper();
        private List<ServerEntry> servers = new ArrayList<>();
        final AtomicInteger writes = new AtomicInteger();

        SharedCad() {
            for (int id = 1; id <= SERVERS; id++) {
                servers.add(ServerEntry.fromJson(json.createObjectNode().put("id", id).put("name", "Server " + id)
                        .put("description", "").put("custom", id)));
            }
        }

        @Override
        public synchronized List<ServerEntry> listServers() {
            return List.copyOf(servers);
        }

        @Override
        public void replaceServers(List<ServerEntry> written, boolean deployMap) {
            // A write takes Sonoran a moment (simulated latency, not a wait for anything): long
            // enough for the other process to read the old list meanwhile, unless something stops it.
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                servers = new ArrayList<>(written);
                writes.incrementAndGet();
            }
        }

        @Override
        public CadPlan plan() throws CadException {
            throw new CadException(CadException.Kind.UNEXPECTED_RESPONSE, "not used", "not used");
        }

        synchronized ServerEntry server(int id) {
            return servers.stream().filter(s -> s.id() == id).findFirst().orElseThrow();
        }
    }

    private static ServerDirectory directory(SharedCad cad, Store store) {
        ServerDirectory directory = new ServerDirectory(cad, Duration.ZERO,
                new CallPacer(1_000_000, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { }),
                Clock.systemUTC());
        directory.shareWritesWith(store.writeLock(COMMUNITY));
        return directory;
    }

    /** "50 concurrent edits of different fields across them → no lost update." */
    @Test
    void fiftyConcurrentEditsOfDifferentFieldsAcrossTwoProcessesLoseNoUpdate() throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        SharedCad cad = new SharedCad();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try (TestDatabase database = TestDatabase.create(Kind.POSTGRESQL, dir);
             Store a = database.open(); Store b = database.open()) {
            List<ServerDirectory> processes = List.of(directory(cad, a), directory(cad, b));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> edits = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int serverId = 1 + i % SERVERS;
                ServerField field = i < SERVERS ? ServerField.NAME : ServerField.DESCRIPTION;
                String value = "edit " + i;
                ServerDirectory process = processes.get(i % 2);
                Callable<Object> edit = () -> {
                    go.await();
                    return process.update(serverId, MapChanges.none().with(field, value), null, false);
                };
                edits.add(pool.submit(edit));
            }
            go.countDown();
            for (Future<?> edit : edits) {
                edit.get();
            }

            assertEquals(50, cad.writes.get());
            for (int i = 0; i < 50; i++) {
                ServerEntry server = cad.server(1 + i % SERVERS);
                String kept = i < SERVERS ? server.name() : server.description();
                assertEquals("edit " + i, kept, "edit " + i + " was lost: " + server.toJson());
            }
            assertEquals(1, cad.server(1).toJson().get("custom").asInt(), "untouched fields stay");
        } finally {
            pool.shutdownNow();
        }
    }

    /** "A preview clicked in both at once → one write." */
    @Test
    void aPreviewClickedInBothProcessesAtOnceIsWrittenOnce() throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        SharedCad cad = new SharedCad();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestDatabase database = TestDatabase.create(Kind.POSTGRESQL, dir);
             Store a = database.open(); Store b = database.open()) {
            Clock clock = Clock.systemUTC();
            List<Store> stores = List.of(a, b);
            List<ServerDirectory> directories = List.of(directory(cad, a), directory(cad, b));
            List<PreviewStore<Preview>> previews = List.of(PreviewStore.stored(clock, a.previews(), COMMUNITY),
                    PreviewStore.stored(clock, b.previews(), COMMUNITY));
            ServerEntry seen = cad.server(3);
            MapChanges changes = MapChanges.none().with(ServerField.NAME, "Renamed");
            String key = previews.get(0).put(new Preview(7L, "Ann", 3, seen, changes, DeployDecision.NOT_NEEDED,
                    Instant.now().plusSeconds(600)));
            assertTrue(previews.get(1).peek(key).isPresent(), "the other process sees the preview");

            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> clicks = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                PreviewStore<Preview> mine = previews.get(p);
                ServerDirectory directory = directories.get(p);
                clicks.add(pool.submit(() -> {
                    go.await();
                    Optional<Preview> taken = mine.take(key);
                    if (taken.isEmpty()) {
                        return false;
                    }
                    Preview preview = taken.get();
                    directory.update(preview.serverId(), preview.changes(), preview.seenBefore(), false);
                    return true;
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> click : clicks) {
                won += click.get() ? 1 : 0;
            }

            assertEquals(1, won, "exactly one click took the preview");
            assertEquals(1, cad.writes.get(), "one write");
            assertEquals("Renamed", cad.server(3).name());
            assertTrue(previews.get(0).isTaken(key) && previews.get(1).isTaken(key), "both see it handled");
            assertEquals(2, stores.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
