package livemapbot.cad;

import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerDirectoryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final InMemoryCadClient cad = new InMemoryCadClient(InMemoryCadClient.demoServers());
    private final ExecutorService pool = Executors.newFixedThreadPool(50);

    @AfterEach
    void stop() {
        cad.releaseReads();
        pool.shutdownNow();
    }

    private ServerDirectory directory(Duration cacheFor) {
        return new ServerDirectory(cad, cacheFor, unpaced(), clock);
    }

    static CallPacer unpaced() {
        return new CallPacer(1000, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { });
    }

    @Test
    void fiftyConcurrentReadersShareOneRead() throws Exception {
        // No cache at all: only single flight can keep this to one call.
        ServerDirectory directory = directory(Duration.ZERO);
        cad.holdReads();
        List<Future<ServerList>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(directory::servers));
        }
        assertTrue(cad.awaitReadStarted());
        awaitWaiting(49);
        cad.releaseReads();
        ServerList first = results.get(0).get(5, TimeUnit.SECONDS);
        for (Future<ServerList> result : results) {
            assertSame(first, result.get(5, TimeUnit.SECONDS));
        }
        assertEquals(1, cad.reads());
    }

    @Test
    void asyncCallersShareOneReadAndOccupyOneTask() throws Exception {
        ServerDirectory directory = directory(Duration.ZERO);
        List<Runnable> submitted = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<ServerList>> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(directory.serversAsync(submitted::add));
        }
        assertEquals(1, submitted.size());
        assertTrue(waiting.stream().noneMatch(java.util.concurrent.CompletableFuture::isDone));
        submitted.get(0).run();
        for (var f : waiting) {
            assertSame(waiting.get(0).get(1, TimeUnit.SECONDS), f.get(1, TimeUnit.SECONDS));
        }
        assertEquals(1, cad.reads());
    }

    @Test
    void aRefusedReadFailsItsWaitersAndTheNextCallerStartsAgain() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        var refused = directory.serversAsync(task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        });
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.util.concurrent.RejectedExecutionException);
        assertEquals(3, directory.serversAsync(Runnable::run).get(1, TimeUnit.SECONDS).servers().size());
        assertEquals(1, cad.reads());
    }

    @Test
    void aBlockingReaderRunsAQueuedSharedReadItselfInsteadOfWaitingForIt() throws Exception {
        // The shared read sits in a queue that will never run it (every worker busy waiting):
        // a blocking caller must not wait for it.
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        List<Runnable> queue = new ArrayList<>();
        var async = directory.serversAsync(queue::add);

        ServerList list = directory.servers();

        assertEquals(3, list.servers().size());
        assertSame(list, async.get(1, TimeUnit.SECONDS));
        queue.forEach(Runnable::run); // the queued copy, when it finally runs, does nothing
        assertEquals(1, cad.reads());
    }

    @Test
    void aDroppedQueuedReadFailsItsWaiters() {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        List<Runnable> queue = new ArrayList<>();
        var waiting = directory.serversAsync(queue::add);

        ((Abandonable) queue.get(0)).abandon();

        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> waiting.get(1, TimeUnit.SECONDS));
        assertEquals(CadException.Kind.UNAVAILABLE, ((CadException) e.getCause()).kind());
        assertEquals(0, cad.reads());
    }

    @Test
    void aFailedWriteDropsTheCacheSoTheNextLookReadsSonoran() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerEntry seen = directory.servers().find(1).orElseThrow();
        cad.failNextWrite(new WriteOutcomeUnknownException("may or may not", "timeout after sending", null));

        assertThrows(WriteOutcomeUnknownException.class, () ->
                directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), seen, false));

        assertEquals(null, directory.freshOrNull());
        directory.servers();
        assertEquals(3, cad.reads());
    }

    @Test
    void aDuplicateIdChangesOnlyTheEntryThePreviewShowed() throws Exception {
        List<ServerEntry> twice = new ArrayList<>(cad.current());
        twice.add(ServerEntry.fromJson(cad.current().get(0).toJson().put("name", "Same id, other entry")));
        InMemoryCadClient duplicate = new InMemoryCadClient(twice);
        ServerDirectory directory = new ServerDirectory(duplicate, Duration.ZERO, unpaced(), clock);

        directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false);

        List<ServerEntry> written = duplicate.writes().get(0).servers();
        assertEquals("NORMAL", written.get(0).mapType());
        assertEquals(twice.get(3), written.get(3));
    }

    /**
     * The 15-second promise counts from the click: a command that waited 11.5 s for a free worker
     * has 0.5 s left, too little for a Sonoran call, so it is answered "did not answer, nothing was
     * changed" at once instead of starting a fresh 12 s budget.
     */
    @Test
    void aCommandThatWaitedForAWorkerKeepsOnlyWhatIsLeftOfItsBudget() {
        ServerDirectory directory = directory(Duration.ZERO);
        long handedOffLongAgo = System.nanoTime() - CadBudget.OPERATION.minusMillis(500).toNanos();
        CadException[] failure = new CadException[1];

        CadBudget.runForCommand(handedOffLongAgo, () -> failure[0] = assertThrows(CadException.class, () ->
                directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false)));

        assertEquals(CadException.Kind.UNAVAILABLE, failure[0].kind());
        assertTrue(failure[0].userMessage().contains("nothing was changed"), failure[0].userMessage());
        assertEquals(0, cad.reads());
        assertTrue(cad.writes().isEmpty());
    }

    @Test
    void outsideACommandTheWholeBudgetApplies() throws Exception {
        ServerDirectory directory = directory(Duration.ZERO);
        CadBudget.runForCommand(System.nanoTime(), () -> { });

        directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false);

        assertEquals(1, cad.writes().size());
        assertEquals(null, CadBudget.leftForCommand());
    }

    @Test
    void anEmptyListIsNeverDeployed() {
        InMemoryCadClient empty = new InMemoryCadClient(List.of());
        ServerDirectory directory = new ServerDirectory(empty, Duration.ZERO, unpaced(), clock);

        CadException e = assertThrows(CadException.class, directory::deploy);

        assertEquals(CadException.Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(empty.writes().isEmpty());
    }

    @Test
    void readsAreReusedForTheCacheTimeThenRepeated() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerList first = directory.servers();
        clock.advance(Duration.ofSeconds(29));
        assertSame(first, directory.servers());
        assertEquals(1, cad.reads());
        clock.advance(Duration.ofSeconds(1));
        directory.servers();
        assertEquals(2, cad.reads());
    }

    @Test
    void aFailedReadReachesEveryWaiterAndIsNotCached() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        cad.failNext(new CadException(CadException.Kind.UNAVAILABLE, "down", "detail"));
        CadException e = assertThrows(CadException.class, directory::servers);
        assertEquals(CadException.Kind.UNAVAILABLE, e.kind());
        assertEquals(3, directory.servers().servers().size());
        assertEquals(2, cad.reads());
    }

    @Test
    void updateChangesOneFieldOfOneServerAndKeepsEverythingElse() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        List<ServerEntry> before = cad.current();
        ServerEntry seen = directory.servers().find(1).orElseThrow();

        UpdateResult result = directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), seen, false);

        assertEquals(1, cad.writes().size());
        List<ServerEntry> written = cad.writes().get(0).servers();
        assertEquals(before.size(), written.size());
        assertEquals(before.get(0).toJson().put("mapType", "NORMAL"), written.get(0).toJson());
        assertEquals(before.get(1), written.get(1));
        assertEquals(before.get(2), written.get(2));
        assertEquals(before.get(0).unknownFields(), written.get(0).unknownFields());
        assertFalse(cad.writes().get(0).deployMap());
        assertEquals(List.of(new FieldChange("mapType", "Map type", "POSTAL", "NORMAL")), result.changes());
        // The cache now holds what was written: no extra read.
        assertEquals("NORMAL", directory.servers().find(1).orElseThrow().mapType());
    }

    @Test
    void updateAlwaysReadsFreshEvenWithAWarmCache() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerEntry seen = directory.servers().find(2).orElseThrow();
        directory.update(2, MapChanges.none().with(ServerField.ENABLE_MAP, true), seen, true);
        assertEquals(2, cad.reads());
        assertTrue(cad.writes().get(0).deployMap());
    }

    /** Issue 12: a change behind the bot's back in a field the member changes too is a conflict. */
    @Test
    void aChangeBehindTheBotsBackToAFieldTheMemberChangesIsAConflictAndNothingIsWritten() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerEntry seen = directory.servers().find(1).orElseThrow();
        cad.change(1, json -> json.put("listenerPort", "30130"));

        ConflictException conflict = assertThrows(ConflictException.class, () ->
                directory.update(1, MapChanges.none().with(ServerField.LISTENER_PORT, 30125), seen, false));

        assertTrue(cad.writes().isEmpty());
        assertEquals(List.of(new ServerMerge.Collision(ServerField.LISTENER_PORT, "30120", "30130", "30125")),
                conflict.collisions());
        assertEquals(CadException.Kind.CONFLICT, conflict.kind());
        assertTrue(conflict.userMessage().contains("listener port"), conflict.userMessage());
    }

    /**
     * Issue 12 (this test asserted a conflict before): a change behind the bot's back in another
     * field is kept, the member's change lands on top of it, and the result says what was kept.
     */
    @Test
    void aChangeBehindTheBotsBackToAnotherFieldIsKeptAndTheChangeIsWrittenOnTop() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerEntry seen = directory.servers().find(1).orElseThrow();
        cad.change(1, json -> json.put("listenerPort", "30130"));

        UpdateResult result = directory.update(1, MapChanges.none().with(ServerField.ENABLE_MAP, false), seen, false);

        assertEquals(1, cad.writes().size());
        ServerEntry written = cad.writes().get(0).servers().get(0);
        assertEquals("30130", written.listenerPort(), "the other change stands");
        assertFalse(written.enableMap());
        assertEquals(List.of(new FieldChange("listenerPort", "Listener port", "30120", "30130")),
                result.keptMeanwhile());
        assertFalse(result.meanwhileByTheBot(), "changed outside the bot");
    }

    @Test
    void aServerRemovedSinceThePreviewIsAConflict() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerEntry seen = directory.servers().find(1).orElseThrow();
        cad.remove(1);
        ConflictException conflict = assertThrows(ConflictException.class, () ->
                directory.update(1, MapChanges.none().with(ServerField.NAME, "x"), seen, false));
        assertTrue(conflict.serverGone());
        assertTrue(cad.writes().isEmpty());
    }

    @Test
    void unknownServerIsATypedErrorAndNothingIsWritten() {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        CadException e = assertThrows(CadException.class, () ->
                directory.update(99, MapChanges.none().with(ServerField.ENABLE_MAP, true), null, false));
        assertEquals(CadException.Kind.UNKNOWN_SERVER, e.kind());
        assertTrue(cad.writes().isEmpty());
    }

    @Test
    void twoConcurrentUpdatesOfOneServerBothSurvive() throws Exception {
        ServerDirectory directory = directory(Duration.ZERO);
        cad.holdReads();
        Future<UpdateResult> first = pool.submit(() ->
                directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false));
        assertTrue(cad.awaitReadStarted());
        Future<UpdateResult> second = pool.submit(() ->
                directory.update(1, MapChanges.none().with(ServerField.MAP_IP, "9.9.9.9"), null, false));
        // Without serialization the second update would now read the same old list.
        awaitWaiting(1);
        cad.releaseReads();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);

        ServerEntry result = cad.current().get(0);
        assertEquals("NORMAL", result.mapType());
        assertEquals("9.9.9.9", result.mapIp());
        assertEquals(2, cad.writes().size());
    }

    @Test
    void deployWritesTheFreshListUnchangedWithDeployMap() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        directory.servers();
        List<ServerEntry> before = cad.current();
        directory.deploy();
        assertEquals(2, cad.reads());
        assertEquals(1, cad.writes().size());
        assertEquals(before, cad.writes().get(0).servers());
        assertTrue(cad.writes().get(0).deployMap());
    }

    @Test
    void aNoOpUpdateWithoutDeployWritesNothing() throws Exception {
        ServerDirectory directory = directory(Duration.ofSeconds(30));
        ServerEntry seen = directory.servers().find(1).orElseThrow();
        UpdateResult result = directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "POSTAL"), seen, false);
        assertTrue(result.changes().isEmpty());
        assertTrue(cad.writes().isEmpty());
    }

    @Test
    void neverMoreThanOneCallInFlight() throws Exception {
        ServerDirectory directory = directory(Duration.ZERO);
        cad.holdReads();
        Future<ServerList> read = pool.submit(directory::servers);
        assertTrue(cad.awaitReadStarted());
        // A write cycle while the read is held: its own read must wait for the held one to finish.
        Future<UpdateResult> write = pool.submit(() ->
                directory.update(2, MapChanges.none().with(ServerField.NAME, "renamed"), null, false));
        awaitWaiting(2);
        cad.releaseReads();
        read.get(5, TimeUnit.SECONDS);
        write.get(5, TimeUnit.SECONDS);

        assertEquals(1, cad.maxConcurrentCalls());
        assertEquals(2, cad.reads());
    }

    // --- Issue 8, item 3: the read and its write go out back to back -------------------------

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    /** A directory on a fake clock whose pacing waits run {@code duringWait} and advance the clock. */
    private ServerDirectory pacedDirectory(int calls, Duration window, Runnable duringWait) {
        CallPacer pacer = new CallPacer(calls, window, Duration.ofSeconds(15), nanos::get, d -> {
            duringWait.run();
            nanos.addAndGet(d.toNanos());
        }, op -> op == CadOperation.REPLACE_SERVERS ? CadOperation.LIST_SERVERS : op);
        return new ServerDirectory(cad, Duration.ZERO, pacer, clock, CadBudget.OPERATION, d -> task -> { });
    }

    /**
     * Issue 8: "an outside edit made while the update waits survives". The pace (v2-like: read and
     * write share one endpoint) has one slot free: the update must wait before its read, not between
     * its read and its write, so an edit made in the CAD panel during the wait is read and kept.
     */
    @Test
    void anOutsideEditMadeWhileAnUpdateWaitsForThePaceSurvives() throws Exception {
        List<String> order = new ArrayList<>();
        ServerDirectory directory = pacedDirectory(2, Duration.ofSeconds(5), () -> {
            order.add("wait");
            if (cad.current().get(1).name().equals("Second")) {
                cad.change(2, json -> json.put("name", "Renamed in the CAD panel"));
            }
        });
        directory.servers();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false);

        assertEquals(List.of("wait"), order, "one wait for the pace, before the read");
        assertEquals("NORMAL", cad.current().get(0).mapType());
        assertEquals("Renamed in the CAD panel", cad.current().get(1).name(), "the outside edit survived");
        assertEquals("Renamed in the CAD panel", cad.writes().get(0).servers().get(1).name());
    }

    /** The same for /deploymap: its write-back of the whole list must not undo an edit made while it waited. */
    @Test
    void anOutsideEditMadeWhileADeployWaitsForThePaceSurvives() throws Exception {
        ServerDirectory directory = pacedDirectory(2, Duration.ofSeconds(5),
                () -> cad.change(3, json -> json.put("mapIp", "9.9.9.9")));
        directory.servers();

        directory.deploy();

        assertEquals("9.9.9.9", cad.writes().get(0).servers().get(2).mapIp());
        assertEquals("9.9.9.9", cad.current().get(2).mapIp());
    }

    @Test
    void aNoOpUpdateGivesBackTheWriteSlotItReserved() throws Exception {
        ServerDirectory directory = pacedDirectory(2, Duration.ofSeconds(10), () -> {
            throw new AssertionError("no pacing wait expected");
        });
        ServerEntry seen = directory.servers().find(1).orElseThrow();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "POSTAL"), seen, false);
        // read (1) + reserved write given back: a second read still fits in the window of two.
        directory.servers();
        assertEquals(3, cad.reads());
        assertTrue(cad.writes().isEmpty());
    }

    @Test
    void aPaceWaitLongerThanAllowedIsRefusedAtOnceWithTheWait() throws Exception {
        ServerDirectory directory = pacedDirectory(1, Duration.ofMinutes(1), () -> {
            throw new AssertionError("must not wait");
        });
        directory.servers();
        CadException e = assertThrows(CadException.class, directory::servers);
        assertEquals(CadException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMinutes(1), e.retryAfter().orElseThrow());
        assertTrue(e.userMessage().contains("60 s"), e.userMessage());
        assertEquals(1, cad.reads());
    }

    // --- Issue 8, item 5: a final answer within the budget, and the breaker -------------------

    /**
     * Issue 8: "when Sonoran has just timed out, commands arriving in the next ~30 s are answered
     * 'Sonoran is not answering' at once instead of queueing behind it" — without an HTTP call.
     */
    @Test
    void afterATimeoutCommandsInTheNextThirtySecondsAreAnsweredAtOnceWithoutCallingSonoran() throws Exception {
        ServerDirectory directory = pacedDirectory(1000, Duration.ofSeconds(1), () -> { });
        cad.timeOutNext();
        assertThrows(CadException.class, directory::servers);
        assertEquals(1, cad.reads());

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        CadException read = assertThrows(CadException.class, directory::servers);
        CadException write = assertThrows(CadException.class, () ->
                directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false));

        for (CadException e : List.of(read, write)) {
            assertEquals(CadException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.userMessage().startsWith("Sonoran CAD is not answering"), e.userMessage());
            assertTrue(e.userMessage().contains("nothing was changed"), e.userMessage());
        }
        assertEquals(1, cad.reads(), "no call while the breaker is open");
        assertTrue(cad.writes().isEmpty());

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(3, directory.servers().servers().size(), "after 30 s one trial call goes through");
        assertEquals(2, cad.reads());
        directory.servers();
        assertEquals(3, cad.reads(), "an answer closed the breaker");
    }

    /**
     * The breaker is for a Sonoran that does not answer, not for an attempt the bot itself cut short:
     * a read given only ~3 s (what was left of its command's budget) that times out must not make
     * every other command hear "not answering" for 30 s.
     */
    @Test
    void anAttemptCutShortByItsOwnBudgetDoesNotOpenTheBreaker() throws Exception {
        ServerDirectory directory = pacedDirectory(1000, Duration.ofSeconds(1), () -> { });
        cad.timeOutNext();
        long nineSecondsAgo = System.nanoTime() - Duration.ofSeconds(9).toNanos();
        CadBudget.runForCommand(nineSecondsAgo, () -> assertThrows(CadException.class, directory::servers));
        assertEquals(1, cad.reads());

        assertEquals(3, directory.servers().servers().size(), "the next command calls Sonoran");
        assertEquals(2, cad.reads());
    }

    @Test
    void aTrialCallThatTimesOutAgainKeepsTheBreakerOpen() throws Exception {
        ServerDirectory directory = pacedDirectory(1000, Duration.ofSeconds(1), () -> { });
        cad.timeOutNext();
        assertThrows(CadException.class, directory::servers);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        cad.timeOutNext();
        assertThrows(CadException.class, directory::servers);
        assertEquals(2, cad.reads());

        CadException e = assertThrows(CadException.class, directory::servers);
        assertTrue(e.userMessage().startsWith("Sonoran CAD is not answering"), e.userMessage());
        assertEquals(2, cad.reads());
    }

    /**
     * Issue 8: "the read may go on in the background and fill the cache", but the waiting command
     * gets "Sonoran did not answer within N s; nothing was changed" when its deadline fires.
     */
    @Test
    void aCallerWaitingOnASlowReadGetsItsAnswerAtItsDeadlineAndTheReadStillFillsTheCache() throws Exception {
        List<Runnable> deadlines = new ArrayList<>();
        List<Duration> delays = new ArrayList<>();
        ServerDirectory directory = new ServerDirectory(cad, Duration.ofSeconds(30), unpaced(), clock,
                CadBudget.OPERATION, d -> {
                    delays.add(d);
                    return deadlines::add;
                });
        cad.holdReads();
        var waiting = directory.serversAsync(pool);
        assertTrue(cad.awaitReadStarted());

        deadlines.forEach(Runnable::run);

        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> waiting.get(1, TimeUnit.SECONDS));
        CadException cause = (CadException) e.getCause();
        assertEquals("Sonoran CAD did not answer within 12 s, so nothing was changed; try again in a minute.",
                cause.userMessage());
        assertEquals(List.of(CadBudget.OPERATION), delays);
        cad.releaseReads();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (directory.freshOrNull() == null && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(3, directory.freshOrNull().servers().size(), "the read went on and filled the cache");
    }

    /**
     * A client on the fake clock: each attempt takes {@code takes} and records the time the guard
     * allowed it, so the budget's arithmetic can be checked without real waiting.
     */
    private final class TimedClient implements CadClient {
        final List<String> allowed = new ArrayList<>();
        private final Duration takes;

        TimedClient(Duration takes) {
            this.takes = takes;
        }

        private void attempt(CadOperation op) throws CadException {
            CallGuard guard = CallGuard.current();
            allowed.add(op + " " + guard.beginAttempt(op).toMillis());
            nanos.addAndGet(takes.toNanos());
            guard.endAttempt(CallGuard.Result.ANSWERED, false);
        }

        @Override
        public List<ServerEntry> listServers() throws CadException {
            attempt(CadOperation.LIST_SERVERS);
            return cad.current();
        }

        @Override
        public void replaceServers(List<ServerEntry> servers, boolean deployMap) throws CadException {
            attempt(CadOperation.REPLACE_SERVERS);
        }

        @Override
        public CadPlan plan() {
            return CadPlan.ofLevel(3);
        }
    }

    /**
     * Issue 8: "the whole cad operation — pacing wait + attempts + back-off — must fit a budget".
     * The pacing wait comes out of the budget, the read leaves the write its share, and the write
     * gets exactly what is left: together never more than 12 s.
     */
    @Test
    void theWholeUpdateFitsTheBudgetPacingWaitIncluded() throws Exception {
        TimedClient timed = new TimedClient(Duration.ofSeconds(2));
        CallPacer pacer = new CallPacer(2, Duration.ofSeconds(5), Duration.ofSeconds(15), nanos::get,
                d -> nanos.addAndGet(d.toNanos()),
                op -> op == CadOperation.REPLACE_SERVERS ? CadOperation.LIST_SERVERS : op);
        ServerDirectory directory = new ServerDirectory(timed, Duration.ZERO, pacer, clock, CadBudget.OPERATION,
                d -> task -> { });
        directory.servers(); // one slot used; it takes 2 s, so read + write fit again 3 s later
        long start = nanos.get();

        directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false);

        // Waited 3 s for the pace: 9 s left, of which the read may use all but the write's 4 s.
        assertEquals(List.of("LIST_SERVERS 12000", "LIST_SERVERS 5000", "REPLACE_SERVERS 7000"), timed.allowed);
        assertEquals(Duration.ofSeconds(7), Duration.ofNanos(nanos.get() - start), "3 s pace + 2 s read + 2 s write");
    }

    /** A command queued behind a call that hangs gives up when its budget is spent, and writes nothing. */
    @Test
    void anUpdateQueuedBehindAHangingCallGivesUpWithinItsBudgetAndWritesNothing() throws Exception {
        ServerDirectory directory = new ServerDirectory(cad, Duration.ZERO, unpaced(), clock,
                Duration.ofMillis(1500), d -> task -> { });
        cad.holdReads();
        Future<ServerList> hanging = pool.submit(directory::servers);
        assertTrue(cad.awaitReadStarted());

        CadException e = assertThrows(CadException.class, () ->
                directory.update(1, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"), null, false));

        assertTrue(e.userMessage().contains("did not answer"), e.userMessage());
        assertTrue(e.userMessage().contains("nothing was changed"), e.userMessage());
        assertTrue(cad.writes().isEmpty());
        cad.releaseReads();
        hanging.get(5, TimeUnit.SECONDS);
    }

    /** Waits (bounded) until at least {@code n} pool threads are parked waiting on something. */
    private static void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            long waiting = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("pool-"))
                    .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                    .filter(t -> isInDirectory(t))
                    .count();
            if (waiting >= n) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("fewer than " + n + " threads waiting in the directory");
    }

    private static boolean isInDirectory(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(ServerDirectory.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
