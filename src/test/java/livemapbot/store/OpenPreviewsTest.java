package livemapbot.store;

import livemapbot.store.OpenPreviews.AlreadyClaimed;
import livemapbot.store.OpenPreviews.Claim;
import livemapbot.store.OpenPreviews.Expired;
import livemapbot.store.OpenPreviews.StoredPreview;
import livemapbot.store.OpenPreviews.Unknown;
import livemapbot.store.OpenPreviews.Won;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Open previews: survive a restart, expire, and are taken exactly once even across processes. */
class OpenPreviewsTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");
    private static final String PAYLOAD = "{\"serverId\":2,\"changes\":{\"mapIp\":\"10.0.0.2\"},\"seen\":"
            + RevisionsTest.ODD_ENTRY + "}";

    @TempDir
    Path dir;

    private static StoredPreview preview(String id) {
        return new StoredPreview("c1", id, 42L, NOW, NOW.plus(Duration.ofMinutes(10)), PAYLOAD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aPreviewStoredBeforeARestartIsConfirmedAfterItOnce(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store store = database.open()) {
                store.previews().put(preview("abc123"));
            }
            try (Store store = database.open()) {
                Instant click = NOW.plusSeconds(30);
                assertEquals(PAYLOAD, store.previews().get("c1", "abc123", click).orElseThrow().payload());

                Claim first = store.previews().claim("c1", "abc123", "confirm by 42", click);
                Claim second = store.previews().claim("c1", "abc123", "cancel by 42", click.plusSeconds(1));

                assertEquals(preview("abc123"), assertInstanceOf(Won.class, first).preview());
                AlreadyClaimed late = assertInstanceOf(AlreadyClaimed.class, second);
                assertEquals("confirm by 42", late.claimedBy());
                assertEquals(click, late.claimedAt());
                assertTrue(store.previews().get("c1", "abc123", click).isEmpty(), "a claimed preview is not open");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void expiredUnknownAndOtherCommunitiesAreNotClaimed(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            store.previews().put(preview("p1"));
            Instant expiry = NOW.plus(Duration.ofMinutes(10));

            assertInstanceOf(Unknown.class, store.previews().claim("c2", "p1", "confirm", NOW));
            assertInstanceOf(Unknown.class, store.previews().claim("c1", "nope", "confirm", NOW));
            assertInstanceOf(Expired.class, store.previews().claim("c1", "p1", "confirm", expiry));
            assertTrue(store.previews().get("c1", "p1", expiry).isEmpty());

            assertEquals(1, store.previews().purgeExpired(expiry));
            assertInstanceOf(Unknown.class, store.previews().claim("c1", "p1", "confirm", expiry));
        }
    }

    /** Issue 9: "a preview clicked in both at once → one write" (two processes sharing the database). */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void clicksAtTheSameMomentInTwoProcessesClaimThePreviewExactlyOnce(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            List<Store> stores = new ArrayList<>();
            try {
                stores.add(database.open());
                // SQLite has one owning process: its clicks race between threads of that one.
                stores.add(kind == Kind.POSTGRESQL ? database.open() : stores.get(0));
                int rounds = 20;
                int clicksPerRound = 8;
                ExecutorService pool = Executors.newFixedThreadPool(clicksPerRound);
                try {
                    for (int round = 0; round < rounds; round++) {
                        String id = "race" + round;
                        stores.get(0).previews().put(preview(id));
                        CountDownLatch start = new CountDownLatch(1);
                        List<Future<Claim>> clicks = new ArrayList<>();
                        for (int c = 0; c < clicksPerRound; c++) {
                            Store store = stores.get(c % 2);
                            String who = "click " + c;
                            Callable<Claim> click = () -> {
                                start.await();
                                return store.previews().claim("c1", id, who, NOW.plusSeconds(5));
                            };
                            clicks.add(pool.submit(click));
                        }
                        start.countDown();
                        int won = 0;
                        for (Future<Claim> click : clicks) {
                            Claim claim = click.get();
                            if (claim instanceof Won) {
                                won++;
                            } else {
                                assertInstanceOf(AlreadyClaimed.class, claim);
                            }
                        }
                        assertEquals(1, won, "round " + round + ": exactly one click takes the preview");
                    }
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                for (Store store : stores) {
                    store.close();
                }
            }
        }
    }
}
