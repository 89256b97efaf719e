package livemapbot.history;

import livemapbot.cad.CadException;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.history.DriftClassifier.Kind;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static livemapbot.history.Entries.server;
import static livemapbot.history.Entries.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftWatchTest {
    private static final String COMMUNITY = "community-1";
    private static final Duration INTERVAL = Duration.ofSeconds(300);
    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

    private final ServerEntry a = server(1, "Main City");
    private final ServerEntry b = server(2, "Sandy");

    private MutableClock clock;
    private ManualScheduler scheduler;
    private InMemoryKnownListStore store;
    private FakeCad cad;
    private List<DriftDetection> detections;

    /** The CAD as the directory shows it: what a read returns, and the list a command read last. */
    private final class FakeCad {
        List<ServerEntry> servers = List.of(a, b);
        int reads;
        ServerList lastRead;
        final Deque<Object> script = new ArrayDeque<>();

        CompletableFuture<ServerList> read() {
            reads++;
            Object next = script.poll();
            if (next instanceof Throwable t) {
                return CompletableFuture.failedFuture(t);
            }
            if (next instanceof CompletableFuture<?> held) {
                @SuppressWarnings("unchecked")
                CompletableFuture<ServerList> h = (CompletableFuture<ServerList>) held;
                return h;
            }
            lastRead = new ServerList(servers, clock.instant());
            return CompletableFuture.completedFuture(lastRead);
        }

        /** A command (/servers) read the list now. */
        void commandRead() {
            lastRead = new ServerList(servers, clock.instant());
        }
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        scheduler = new ManualScheduler(clock);
        store = new InMemoryKnownListStore();
        cad = new FakeCad();
        detections = new ArrayList<>();
    }

    private DriftWatch watch(Duration interval) {
        return watch(interval, detections::add);
    }

    private DriftWatch watch(Duration interval, DriftListener listener) {
        return new DriftWatch(COMMUNITY, interval, cad::read, () -> cad.lastRead, store, listener, clock, scheduler);
    }

    /** Runs the next scheduled check and whatever it hands back to the scheduler. */
    private Duration tick() {
        Duration delay = scheduler.runNext();
        scheduler.runDue();
        return delay;
    }

    @Test
    void theFirstCheckStoresTheListAsTheBaselineAndReportsNothing() {
        watch(INTERVAL).start();
        assertEquals(INTERVAL, tick(), "the first check runs one interval after start");
        assertEquals(1, cad.reads);
        assertTrue(detections.isEmpty());
        assertEquals(List.of(a, b), store.list(COMMUNITY).orElseThrow().servers());
        assertEquals(1, scheduler.pending(), "the next check is scheduled");
    }

    /** "Any difference that the bot did not write" → one detection: servers, deltas, classification, window. */
    @Test
    void anOutsideChangeIsReportedOnceWithItsDeltasClassificationAndWindow() {
        watch(INTERVAL).start();
        tick();
        Instant lastCheck = clock.instant();
        ServerEntry a2 = with(a, "mapIp", "\"203.0.113.7\"");
        cad.servers = List.of(a2, b);
        tick();

        assertEquals(1, detections.size());
        DriftDetection d = detections.get(0);
        assertEquals(COMMUNITY, d.community());
        assertEquals(Kind.FIVEM_SELF_CORRECTION, d.classification().kind());
        assertEquals(List.of(1), d.servers().stream().map(ServerDelta::serverId).toList());
        assertEquals(List.of("mapIp"), d.servers().get(0).fieldKeys());
        assertEquals(List.of(a, b), d.before().servers());
        assertEquals(List.of(a2, b), d.after().servers());
        assertEquals(lastCheck, d.windowStart(), "between the last check …");
        assertEquals(clock.instant(), d.noticedAt(), "… and now");
        assertEquals(List.of(a2, b), store.list(COMMUNITY).orElseThrow().servers(), "the new list is the known one");

        tick();
        assertEquals(1, detections.size(), "the same change is not reported again");
    }

    @Test
    void theListReplacedByAGameServerIsClassifiedWithTheDeletedServers() {
        watch(INTERVAL).start();
        tick();
        cad.servers = List.of(server(9, "Server 9"));
        tick();
        DriftDetection d = detections.get(0);
        assertEquals(Kind.LIST_REPLACED_BY_GAME_SERVER, d.classification().kind());
        assertEquals(List.of(a, b), d.classification().deleted());
    }

    /** "a restart between the outside change and the next poll still reports it once". */
    @Test
    void aRestartBetweenTheChangeAndTheNextCheckStillReportsItOnce() {
        DriftWatch first = watch(INTERVAL);
        first.start();
        tick();
        Instant baselineAt = clock.instant();
        first.close();
        assertEquals(0, scheduler.pending());

        cad.servers = List.of(with(a, "name", "\"Downtown\""), b);
        clock.advance(Duration.ofMinutes(7));
        watch(INTERVAL).start();
        tick();
        tick();

        assertEquals(1, detections.size());
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, detections.get(0).classification().kind());
        assertEquals(baselineAt, detections.get(0).windowStart(), "after a restart the window starts at the known list");
    }

    /** "two processes sharing PostgreSQL report a drift once" (the store's compare-and-set). */
    @Test
    void twoProcessesSharingTheStoreReportADriftOnce() {
        List<DriftDetection> other = new ArrayList<>();
        watch(INTERVAL).start();
        watch(INTERVAL, other::add).start();
        tick();
        tick();
        cad.servers = List.of(a);
        // Both load the same known version: the second process checks while the first is storing.
        store.beforeNextCompareAndSet(this::tick);
        int tries = store.compareAndSets();
        tick();

        assertEquals(tries + 2, store.compareAndSets(), "both processes saw the change and tried to store it");
        assertEquals(1, detections.size() + other.size(), "only the one whose compare-and-set won reports it");
        assertEquals(List.of(a), store.list(COMMUNITY).orElseThrow().servers());
    }

    /** "The bot's own writes, and rollbacks, are never reported as drift." */
    @Test
    void aWriteNotedByTheBotIsNotReported() {
        DriftWatch watch = watch(INTERVAL);
        watch.start();
        tick();
        clock.advance(Duration.ofSeconds(10));
        cad.servers = List.of(with(a, "mapIp", "\"203.0.113.7\""), b);
        watch.noteOwnWrite(COMMUNITY, new ServerList(cad.servers, clock.instant()));
        tick();
        tick();
        assertTrue(detections.isEmpty());
    }

    @Test
    void checksAreSkippedWhileAWriteOfTheBotsIsUnderWay() {
        DriftWatch watch = watch(INTERVAL);
        watch.start();
        tick();
        int reads = cad.reads;
        DriftWatch.OwnWrite write = watch.beginOwnWrite();
        cad.servers = List.of(b, a);
        tick();
        assertEquals(reads, cad.reads, "no read while the write is under way");
        assertTrue(detections.isEmpty());

        write.written(new ServerList(cad.servers, clock.instant()));
        tick();
        assertTrue(detections.isEmpty());
        assertEquals(reads + 1, cad.reads, "checks resume after the write");
    }

    @Test
    void aWriteThatFailedEndsTheSkippingAndAnOutsideChangeIsThenReported() {
        DriftWatch watch = watch(INTERVAL);
        watch.start();
        tick();
        try (DriftWatch.OwnWrite ignored = watch.beginOwnWrite()) {
            cad.servers = List.of(a);
        }
        tick();
        assertEquals(1, detections.size());
    }

    /** A list read before the bot's write must not be taken for an outside revert of that write. */
    @Test
    void aReadStartedBeforeAnOwnWriteIsNotComparedAfterIt() {
        DriftWatch watch = watch(INTERVAL);
        watch.start();
        tick();
        CompletableFuture<ServerList> held = new CompletableFuture<>();
        cad.script.add(held);
        scheduler.runNext();
        ServerList readBeforeWrite = new ServerList(List.of(a, b), clock.instant());

        clock.advance(Duration.ofSeconds(2));
        watch.noteOwnWrite(COMMUNITY, new ServerList(List.of(with(a, "name", "\"New\""), b), clock.instant()));
        held.complete(readBeforeWrite);
        scheduler.runDue();

        assertTrue(detections.isEmpty());
        assertEquals("New", store.list(COMMUNITY).orElseThrow().servers().get(0).name());
    }

    /** "Skip a poll while a command's read is recent": that read is compared, Sonoran is not called. */
    @Test
    void aRecentCommandReadIsComparedWithoutCallingSonoran() {
        watch(INTERVAL).start();
        tick();
        int reads = cad.reads;
        cad.servers = List.of(a, with(b, "enableMap", "false"));
        clock.advance(Duration.ofSeconds(200));
        cad.commandRead();
        tick();

        assertEquals(reads, cad.reads, "no Sonoran call");
        assertEquals(1, detections.size());
        assertEquals(List.of("enableMap"), detections.get(0).servers().get(0).fieldKeys());
    }

    @Test
    void aCommandReadOlderThanAnIntervalOrAlreadyComparedIsNotUsed() {
        watch(INTERVAL).start();
        tick();
        int reads = cad.reads;
        tick();
        assertEquals(reads + 1, cad.reads, "the list read at the last check is not compared again");

        cad.script.add(rateLimited(null));
        tick();
        assertEquals(Duration.ofMinutes(10), scheduler.nextDelay());
        clock.advance(Duration.ofSeconds(10));
        cad.commandRead();
        tick();
        assertEquals(reads + 3, cad.reads, "a command read more than an interval before the check is too old");
    }

    /** "back off on 429": the wait doubles up to 30 minutes, then returns to the interval. */
    @Test
    void rateLimitFailuresDoubleTheWaitUpToThirtyMinutes() {
        DriftWatch watch = watch(INTERVAL);
        watch.start();
        for (int i = 0; i < 4; i++) {
            cad.script.add(rateLimited(null));
        }
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tick();
            waits.add(scheduler.nextDelay());
        }
        assertEquals(List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
                Duration.ofMinutes(30)), waits);
        tick();
        assertEquals(INTERVAL, scheduler.nextDelay(), "a successful read goes back to the interval");
        assertEquals(INTERVAL, watch.nextDelay());
    }

    @Test
    void aRetryAfterLongerThanTheDoubledWaitIsHonoured() {
        watch(INTERVAL).start();
        cad.script.add(rateLimited(Duration.ofMinutes(17)));
        tick();
        assertEquals(Duration.ofMinutes(17), scheduler.nextDelay());
    }

    @Test
    void aRateLimitFailureWrappedByTheFutureIsRecognised() {
        watch(INTERVAL).start();
        cad.script.add(new java.util.concurrent.CompletionException(rateLimited(null)));
        tick();
        assertEquals(Duration.ofMinutes(10), scheduler.nextDelay());
    }

    @Test
    void anotherReadFailureKeepsTheInterval() {
        watch(INTERVAL).start();
        cad.script.add(new CadException(CadException.Kind.UNAVAILABLE, "down", "connection refused"));
        tick();
        assertEquals(INTERVAL, scheduler.nextDelay());
        assertTrue(detections.isEmpty());
    }

    /** "never poll faster than once a minute whatever the setting". */
    @Test
    void theWatchNeverChecksMoreThanOnceAMinute() {
        DriftWatch watch = watch(Duration.ofSeconds(10));
        assertEquals(Duration.ofMinutes(1), watch.interval());
        watch.start();
        assertEquals(Duration.ofMinutes(1), tick());
        assertEquals(Duration.ofMinutes(1), scheduler.nextDelay());
    }

    @Test
    void aZeroIntervalTurnsTheWatchOff() {
        DriftWatch watch = watch(Duration.ZERO);
        watch.start();
        assertEquals(0, scheduler.pending());
    }

    @Test
    void closeCancelsTheNextCheck() {
        DriftWatch watch = watch(INTERVAL);
        watch.start();
        tick();
        watch.close();
        assertEquals(0, scheduler.pending());
    }

    @Test
    void aFailingListenerDoesNotStopTheWatch() {
        List<DriftDetection> seen = new ArrayList<>();
        watch(INTERVAL, d -> {
            seen.add(d);
            throw new IllegalStateException("listener broke");
        }).start();
        tick();
        cad.servers = List.of(a);
        tick();
        cad.servers = List.of(b);
        tick();
        assertEquals(2, seen.size());
        assertEquals(1, scheduler.pending());
    }

    @Test
    void anUnreachableStoreSkipsTheCheckAndTheChangeIsReportedLater() {
        watch(INTERVAL).start();
        tick();
        cad.servers = List.of(a);
        store.failWith(new IllegalStateException("database down"));
        tick();
        assertTrue(detections.isEmpty());
        assertEquals(1, scheduler.pending());
        store.failWith(null);
        tick();
        assertEquals(1, detections.size());
    }

    private static CadException rateLimited(Duration retryAfter) {
        return new CadException(CadException.Kind.RATE_LIMITED, "slow down", "429", retryAfter, null);
    }
}
