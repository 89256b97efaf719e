package livemapbot.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.history.KnownListStore;
import livemapbot.history.KnownListStore.Known;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KnownLists as the drift watch's {@link KnownListStore}: versions, compare-and-set, read times, raw entries. */
class KnownListsTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Instant READ_AT = Instant.parse("2026-03-04T05:06:07.089Z");

    @TempDir
    Path dir;

    private static ServerList list(Instant readAt, String... entries) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<ServerEntry> servers = new ArrayList<>();
        for (String entry : entries) {
            servers.add(ServerEntry.fromJson(json.readTree(entry)));
        }
        return new ServerList(servers, readAt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void nothingStoredIsVersionNoneAndTheFirstSetTakesOnlyFromNone(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            KnownListStore known = store.knownLists();
            assertEquals(Optional.empty(), known.load("c1"));
            ServerList first = list(READ_AT, "{\"id\":1,\"name\":\"A\"}");

            assertFalse(known.compareAndSet("c1", 1, first), "version 1 does not exist yet");
            assertTrue(known.compareAndSet("c1", KnownListStore.NONE, first));
            assertFalse(known.compareAndSet("c1", KnownListStore.NONE, first), "a second first set loses");

            Known loaded = known.load("c1").orElseThrow();
            assertEquals(1, loaded.version());
            assertEquals(first, loaded.list());
        }
    }

    /** The loaded list reads as of its read time, and every entry comes back as the CAD sent it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theLoadedListKeepsItsReadTimeAndUnknownFields(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            ServerList stored = list(READ_AT, "{\"id\":2,\"zeta\":{\"n\":[1,true]},\"name\":\"B\",\"listenerPort\":\"3000\"}",
                    "{\"id\":1,\"name\":\"A\"}");
            assertTrue(store.knownLists().compareAndSet("c1", KnownListStore.NONE, stored));

            ServerList loaded = store.knownLists().load("c1").orElseThrow().list();

            assertEquals(READ_AT, loaded.readAt());
            assertEquals(List.of(2, 1), loaded.servers().stream().map(ServerEntry::id).toList());
            assertEquals(stored.servers().get(0).toJson(), loaded.servers().get(0).toJson());
            assertEquals("{\"id\":2,\"zeta\":{\"n\":[1,true]},\"name\":\"B\",\"listenerPort\":\"3000\"}",
                    KnownLists.toJson(loaded.servers().get(0)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aStaleVersionLosesAndLeavesTheNewerListAlone(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            KnownListStore known = store.knownLists();
            known.compareAndSet("c1", KnownListStore.NONE, list(READ_AT, "{\"id\":1}"));
            ServerList second = list(READ_AT.plusSeconds(60), "{\"id\":1,\"name\":\"two\"}");
            assertTrue(known.compareAndSet("c1", 1, second));

            assertFalse(known.compareAndSet("c1", 1, list(READ_AT.plusSeconds(120), "{\"id\":1,\"name\":\"stale\"}")));

            Known loaded = known.load("c1").orElseThrow();
            assertEquals(2, loaded.version());
            assertEquals(second, loaded.list());
            assertEquals(Optional.empty(), known.load("c2"), "another community's list is its own");
        }
    }

    /** Two processes that saw the same version: exactly one stores its list (one drift report, not two). */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void ofTwoProcessesThatSawTheSameVersionExactlyOneWins(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            Store a = database.open();
            Store b = kind == Kind.POSTGRESQL ? database.open() : a;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                a.knownLists().compareAndSet("c1", KnownListStore.NONE, list(READ_AT, "{\"id\":1}"));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Store s = i % 2 == 0 ? a : b;
                    ServerList mine = list(READ_AT.plusSeconds(i + 1), "{\"id\":1,\"n\":" + i + "}");
                    Callable<Boolean> attempt = () -> {
                        go.await();
                        return s.knownLists().compareAndSet("c1", 1, mine);
                    };
                    results.add(pool.submit(attempt));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> result : results) {
                    won += result.get() ? 1 : 0;
                }
                assertEquals(1, won);
                assertEquals(2, a.knownLists().load("c1").orElseThrow().version());
            } finally {
                pool.shutdownNow();
                if (b != a) {
                    b.close();
                }
                a.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aDatabaseThatIsGoneFailsWithAnUncheckedStoreException(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            Store store = database.open();
            store.close();
            UncheckedStoreException e = org.junit.jupiter.api.Assertions.assertThrows(UncheckedStoreException.class,
                    () -> store.knownLists().load("c1"));
            assertEquals(StoreException.Kind.UNAVAILABLE, e.kind());
        }
    }
}
