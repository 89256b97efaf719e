package livemapbot.status;

import livemapbot.cad.ServerEntry;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static livemapbot.status.ProbeTestSupport.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's status watch: a verdict change is told once, only after two consecutive observations
 * agree (no flapping), with the time it changed. Fake clock; no network.
 */
class StatusWatchTest {
    private static final Instant START = Instant.parse("2026-12-03T08:00:00Z");
    private static final String TARGET = "51.79.1.2:30120";

    private final MutableClock clock = new MutableClock(START);
    private final FakeProber prober = new FakeProber(clock);
    private final StatusProbes probes = StatusProbes.create(prober, clock);
    private final List<StatusWatch.VerdictChange> told = new ArrayList<>();
    private final AtomicReference<List<ServerEntry>> servers =
            new AtomicReference<>(List.of(entry(1, "51.79.1.2", 30120, true)));
    private final StatusWatch watch = new StatusWatch(probes, servers::get, told::add);

    @AfterEach
    void close() {
        watch.close();
        probes.close();
    }

    /** One watch interval later: the cache (60 s) has expired, so the round probes anew. */
    private void round(ProbeVerdict verdict, ProbeReason reason) {
        prober.answer(TARGET, verdict, reason);
        watch.observeOnce();
        clock.advance(Duration.ofSeconds(60));
    }

    /**
     * Multi-community mode runs one watch per guild on a scheduler they share: closing one guild's
     * watch (forgotten, re-set up) stops its rounds and leaves the scheduler to the others.
     */
    @Test
    void aWatchOnASharedSchedulerRunsThereAndClosingItLeavesTheSchedulerAlone() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor shared = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        shared.setRemoveOnCancelPolicy(true); // as production's shared scheduler
        try {
            java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
            StatusWatch counting = new StatusWatch(probes, () -> {
                rounds.incrementAndGet();
                first.countDown();
                return List.of();
            }, told::add);
            counting.start(Duration.ofSeconds(60), Duration.ZERO, shared);
            assertTrue(first.await(5, java.util.concurrent.TimeUnit.SECONDS), "the first round ran on the shared scheduler");
            counting.close();
            assertTrue(!shared.isShutdown(), "the shared scheduler keeps serving the other watches");
            java.util.concurrent.Future<?> other = shared.submit(() -> { });
            other.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, shared.getQueue().size(),
                    "nothing of the closed watch is still scheduled");
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void aChangeIsToldOnceAfterTwoAgreeingObservationsWithTheTimeItChanged() {
        round(ProbeVerdict.ONLINE, null);
        Instant firstDown = clock.instant();
        round(ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED);
        assertEquals(List.of(), told, "one observation is not enough");

        round(ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED);
        round(ProbeVerdict.UNREACHABLE, ProbeReason.TIMEOUT);

        assertEquals(1, told.size(), told.toString());
        StatusWatch.VerdictChange change = told.get(0);
        assertEquals(ProbeVerdict.ONLINE, change.before().verdict());
        assertEquals(ProbeVerdict.UNREACHABLE, change.after().verdict());
        assertEquals(firstDown, change.changedAt());
        assertEquals(1, change.server().id());
        assertEquals("Online → Unreachable from the bot (connection refused)", change.describe());
    }

    @Test
    void aFlappingServerIsNotTold() {
        round(ProbeVerdict.ONLINE, null);
        for (int i = 0; i < 5; i++) {
            round(ProbeVerdict.UNREACHABLE, ProbeReason.TIMEOUT);
            round(ProbeVerdict.ONLINE, null);
        }

        assertEquals(List.of(), told);
    }

    @Test
    void theResourceStoppingAndStartingIsTold() {
        round(ProbeVerdict.ONLINE, null);
        round(ProbeVerdict.ONLINE_RESOURCE_NOT_RUNNING, null);
        round(ProbeVerdict.ONLINE_RESOURCE_NOT_RUNNING, null);
        round(ProbeVerdict.ONLINE, null);
        round(ProbeVerdict.ONLINE, null);

        assertEquals(List.of("Online → Online, sonorancad not running", "Online, sonorancad not running → Online"),
                told.stream().map(c -> c.before().verdict().label() + " → " + c.after().verdict().label()).toList());
    }

    @Test
    void aCachedResultSeenTwiceIsOneObservation() {
        round(ProbeVerdict.ONLINE, null);
        prober.answer(TARGET, ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED);
        watch.observeOnce();
        watch.observeOnce(); // same minute: the cached result again

        assertEquals(List.of(), told);
        assertEquals(2, prober.probes.get());
        clock.advance(Duration.ofSeconds(60));
        watch.observeOnce();
        assertEquals(1, told.size());
    }

    @Test
    void nothingIsToldAtStartUpOrForServersThatAreNotProbed() {
        servers.set(List.of(entry(1, "51.79.1.2", 30120, true), entry(2, "", 30120, true)));
        round(ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED);
        round(ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED);

        assertEquals(List.of(), told);
    }

    @Test
    void aFailingListenerOrServerListDoesNotStopTheWatch() {
        StatusWatch failing = new StatusWatch(probes, servers::get, change -> {
            throw new IllegalStateException("Discord is down");
        });
        prober.answer(TARGET, ProbeVerdict.ONLINE, null);
        failing.observeOnce();
        clock.advance(Duration.ofSeconds(60));
        prober.answer(TARGET, ProbeVerdict.UNREACHABLE, ProbeReason.REFUSED);
        failing.observeOnce();
        clock.advance(Duration.ofSeconds(60));

        assertEquals(1, failing.observeOnce().size(), "the change is still confirmed");
        StatusWatch noList = new StatusWatch(probes, () -> {
            throw new IllegalStateException("Sonoran is down");
        }, told::add);
        assertEquals(List.of(), noList.observeOnce());
    }

    @Test
    void closeDoesNotWaitForARoundUnderWay() throws Exception {
        prober.hold(1);
        Thread round = new Thread(watch::observeOnce);
        round.start();
        assertTrue(prober.awaitStarted());

        Thread closer = new Thread(watch::close);
        closer.start();
        closer.join(5_000);
        boolean closed = !closer.isAlive();
        prober.release();
        round.join(10_000);

        assertTrue(closed, "close() returned while the round still held the watch's lock");
    }

    @Test
    void theIntervalIsAtLeastAMinute() {
        assertThrows(IllegalArgumentException.class, () -> watch.start(Duration.ofSeconds(59)));
    }
}
