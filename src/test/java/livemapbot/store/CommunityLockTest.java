package livemapbot.store;

import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Read-modify-write of one community's list never interleaves, across processes on PostgreSQL. */
class CommunityLockTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");

    @TempDir
    Path dir;

    /** Issue 9: "50 concurrent edits … across them → no lost update". */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void fiftyConcurrentReadModifyWritesFromTwoProcessesLoseNoUpdate(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            List<Store> stores = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                stores.add(database.open());
                stores.add(kind == Kind.POSTGRESQL ? database.open() : stores.get(0));
                stores.get(0).knownLists().put("c1", "0", NOW);
                stores.get(0).knownLists().put("c2", "0", NOW);
                AtomicInteger inside = new AtomicInteger();
                AtomicInteger mostInside = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Void>> cycles = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Store store = stores.get(i % 2);
                    Callable<Void> cycle = () -> {
                        start.await();
                        return store.withCommunityLock("c1", () -> {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            long read = Long.parseLong(store.knownLists().get("c1").orElseThrow().listJson());
                            store.knownLists().put("c1", Long.toString(read + 1), NOW);
                            inside.decrementAndGet();
                            return null;
                        });
                    };
                    cycles.add(pool.submit(cycle));
                }
                start.countDown();
                for (Future<Void> cycle : cycles) {
                    cycle.get();
                }

                assertEquals("50", stores.get(1).knownLists().get("c1").orElseThrow().listJson());
                assertEquals(51, stores.get(1).knownLists().get("c1").orElseThrow().version());
                assertEquals(1, mostInside.get(), "two read-modify-writes of one community overlapped");
                assertEquals("0", stores.get(0).knownLists().get("c2").orElseThrow().listJson());
            } finally {
                pool.shutdownNow();
                for (Store store : stores) {
                    store.close();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theLockIsReentrantAndTheWorksExceptionReachesTheCaller(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            String inner = store.withCommunityLock("c1", () -> store.withCommunityLock("c1", () -> "nested"));
            assertEquals("nested", inner);

            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> store.withCommunityLock("c1", () -> {
                        throw new IllegalStateException("from the work");
                    }));
            assertEquals("from the work", thrown.getMessage());
            // The lock was let go: the next holder gets it at once.
            assertEquals("after", store.withCommunityLock("c1", () -> "after"));
        }
    }
}
