package livemapbot.discord.setmap;

import livemapbot.testing.MutableClock;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.discord.ComponentId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviewStoreTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(START);

    private Preview preview(Duration life) {
        return new Preview(42, "Ann", 1, ServerEntry.of(1, "Main"),
                MapChanges.none().with(ServerField.NAME, "New"), DeployDecision.NOT_NEEDED, clock.instant().plus(life));
    }

    @Test
    void keysAreShortAndSafeAndFitAComponentId() {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 10);
        String key = store.put(preview(Duration.ofMinutes(10)));
        assertEquals(PreviewStore.KEY_LENGTH, key.length());
        assertTrue(key.matches("[A-Za-z0-9_-]+"), key);
        String id = new ComponentId(SetMapCommand.NAME, SetMapCommand.CONFIRM, key,
                Instant.parse("2099-12-31T23:59:59Z")).encode();
        assertTrue(id.length() <= ComponentId.MAX_LENGTH, id);
        assertEquals(key, ComponentId.parse(id).orElseThrow().arg());
    }

    @Test
    void peekLeavesTakeRemoves() {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 10);
        Preview p = preview(Duration.ofMinutes(10));
        String key = store.put(p);
        assertEquals(Optional.of(p), store.peek(key));
        assertEquals(Optional.of(p), store.peek(key));
        assertFalse(store.isTaken(key));
        assertEquals(Optional.of(p), store.take(key));
        assertEquals(Optional.empty(), store.take(key));
        assertEquals(Optional.empty(), store.peek(key));
        assertTrue(store.isTaken(key), "a taken preview is remembered as taken until it expires");
        clock.advance(Duration.ofMinutes(10));
        assertFalse(store.isTaken(key));
        assertEquals(0, store.size());
        assertEquals(Optional.empty(), store.take("unknownKey"));
        assertFalse(store.isTaken("unknownKey"));
    }

    @Test
    void aTakenPreviewPutBackCanBeTakenAgainOnce() {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 10);
        Preview p = preview(Duration.ofMinutes(10));
        String key = store.put(p);
        assertEquals(Optional.of(p), store.take(key));
        store.putBack(key, p);
        assertFalse(store.isTaken(key));
        assertEquals(Optional.of(p), store.take(key));
        assertEquals(Optional.empty(), store.take(key));
        store.putBack("unknownKey", p);
        assertFalse(store.isTaken("unknownKey"));
        assertEquals(Optional.empty(), store.peek("unknownKey"), "putBack never creates an entry");
    }

    @Test
    void expiredPreviewsAreGone() {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 10);
        String key = store.put(preview(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), store.peek(key));
        String other = store.put(preview(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));
        assertEquals(Optional.empty(), store.take(other));
    }

    @Test
    void putPurgesExpiredPreviews() {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 100);
        for (int i = 0; i < 5; i++) {
            store.put(preview(Duration.ofMinutes(1)));
        }
        assertEquals(5, store.size());
        clock.advance(Duration.ofMinutes(2));
        store.put(preview(Duration.ofMinutes(1)));
        assertEquals(1, store.size());
    }

    @Test
    void sizeIsCappedDroppingThoseClosestToExpiry() {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 3);
        String first = store.put(preview(Duration.ofMinutes(1)));
        String second = store.put(preview(Duration.ofMinutes(2)));
        String third = store.put(preview(Duration.ofMinutes(3)));
        String fourth = store.put(preview(Duration.ofMinutes(4)));
        assertEquals(3, store.size());
        assertTrue(store.peek(first).isEmpty());
        for (String key : List.of(second, third, fourth)) {
            assertTrue(store.peek(key).isPresent(), key);
        }
        PreviewStore<Preview> big = new PreviewStore<>(clock, PreviewStore.DEFAULT_CAPACITY);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < PreviewStore.DEFAULT_CAPACITY + 50; i++) {
            keys.add(big.put(preview(Duration.ofMinutes(10))));
        }
        assertEquals(PreviewStore.DEFAULT_CAPACITY + 50, keys.size(), "keys are unique");
        assertEquals(PreviewStore.DEFAULT_CAPACITY, big.size());
    }

    @Test
    void concurrentTakesGetThePreviewOnce() throws Exception {
        PreviewStore<Preview> store = new PreviewStore<>(clock, 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                String key = store.put(preview(Duration.ofMinutes(10)));
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger winners = new AtomicInteger();
                List<Future<?>> takers = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    takers.add(pool.submit(() -> {
                        go.await();
                        if (store.take(key).isPresent()) {
                            winners.incrementAndGet();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : takers) {
                    f.get(5, TimeUnit.SECONDS);
                }
                assertEquals(1, winners.get(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
