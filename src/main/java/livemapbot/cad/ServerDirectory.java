package livemapbot.cad;

import livemapbot.metrics.BotMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place the bot reads and changes CAD servers.
 *
 * <ul>
 *   <li>{@link #servers()} reuses a read for {@code cacheFor}; callers that arrive while a read is
 *       under way wait for that read instead of starting their own (single flight).</li>
 *   <li>{@link #update} and {@link #deploy} are read-modify-write of the whole list (set_servers
 *       replaces everything), serialized with each other (and, through a {@link WriteLock}, with other processes
 *       sharing the store) so two edits cannot lose one another, and
 *       always start from a fresh read so a change made in the CAD meanwhile is noticed. The pace
 *       for the read and the write is reserved together before the read, and the write follows
 *       the read at once: no wait of any kind (pace, back-off, another call) between them, so an
 *       edit made in the CAD meanwhile cannot be written over.</li>
 *   <li>At most one Sonoran HTTP attempt is in flight at a time, and every attempt, retries
 *       included, is paced by {@link CallPacer}; nobody holds a lock while waiting for the pace or
 *       between retries.</li>
 *   <li>Every operation fits in a time budget ({@link CadBudget#OPERATION}) — waiting for the
 *       pace and for the call in flight included — and after a timeout Sonoran counts as not
 *       answering for a while ({@link SonoranBreaker}): operations then fail at once.</li>
 * </ul>
 * {@link #serversAsync}, {@link #freshOrNull} and {@link #cachedOrNull} never block; the other
 * methods block (within the budget), so call them off JDA's event thread.
 */
public final class ServerDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ServerDirectory.class);
    private final CadClient client;
    private final Duration cacheFor;
    private final CallPacer pacer;
    private final Clock clock;
    private final Duration budget;
    /** Runs a task after a delay: how a waiting caller's deadline fires. */
    private final Function<Duration, Executor> delayed;
    private final SonoranBreaker breaker;
    private final PlanWatch plans;

    /** Keeps other processes out of a read-modify-write ({@link #shareWritesWith}); none by default. */
    private volatile WriteLock processLock = WriteLock.NONE;
    /** Serializes read-modify-write cycles. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** Held for the duration of each HTTP attempt: one in flight at a time. */
    private final ReentrantLock callGate = new ReentrantLock(true);
    /** Numbers attempts in the order they started (taken under the call gate). */
    private final AtomicLong attempts = new AtomicLong();

    private final Object readMonitor = new Object();
    /** The newest list by attempt order, so a slower read can never overwrite a newer list; guarded by readMonitor. */
    private volatile ServerList cached;
    private long cachedBy;
    /** The read queued or under way, shared by everyone who asks meanwhile; guarded by readMonitor. */
    private PendingRead inFlight;
    /** Each server as the bot last wrote it, to tell its own edits from changes made outside it. */
    private final java.util.Map<Integer, ServerEntry> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();
    /** Told around every write of the bot's (the drift watch), so its own writes are not reported as outside changes. */
    private volatile WriteWatcher writeWatcher = WriteWatcher.NONE;
    /** Counts Sonoran calls, waits and conflicts ({@link #recordWith}); nothing by default. */
    private volatile BotMetrics metrics = BotMetrics.off();

    public ServerDirectory(CadClient client, Duration cacheFor, CallPacer pacer, Clock clock) {
        this(client, cacheFor, pacer, clock, CadBudget.OPERATION,
                delay -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * @param budget  the time budget of each operation, on the pacer's clock
     * @param delayed runs a task after a delay (a waiting caller's deadline); tests fire it by hand
     */
    ServerDirectory(CadClient client, Duration cacheFor, CallPacer pacer, Clock clock, Duration budget,
                    Function<Duration, Executor> delayed) {
        this.client = client;
        this.cacheFor = cacheFor;
        this.pacer = pacer;
        this.clock = clock;
        this.budget = budget;
        this.delayed = delayed;
        this.breaker = new SonoranBreaker(CadBudget.BREAKER_OPEN, pacer::now);
        this.plans = new PlanWatch(this::plan, clock, PlanWatch.EVERY);
    }

    /** Counts every Sonoran operation, rate-limit wait and conflict in {@code metrics}. Set once, at start-up. */
    public void recordWith(BotMetrics newMetrics) {
        this.metrics = java.util.Objects.requireNonNull(newMetrics, "metrics");
    }

    /** The community's plan as last read (at start-up, then at most hourly). */
    public PlanWatch plans() {
        return plans;
    }

    /**
     * From now on every {@link #update} and {@link #deploy} runs inside {@code lock} as well, so
     * that other processes sharing it (the store's PostgreSQL) never interleave a read-modify-write
     * of the same list with this one. Set once, at start-up.
     */
    public void shareWritesWith(WriteLock lock) {
        this.processLock = java.util.Objects.requireNonNull(lock, "lock");
    }

    /**
     * The server list, from cache when it is younger than {@code cacheFor}; blocks. A shared read
     * that is still waiting in a queue is run right here instead of waited for: a worker blocking
     * on a read queued behind it would otherwise wait forever once every worker does the same.
     */
    public ServerList servers() throws CadException {
        ServerList current = cached;
        if (isFresh(current)) {
            return current;
        }
        PendingRead read = pendingRead(Runnable::run);
        read.run();
        return await(read.result);
    }

    /**
     * The server list without blocking: a completed future when the cache is fresh, else the read
     * under way, else a new read started on {@code executor}. Everyone who asks while a read is
     * under way shares it, so a burst of commands costs one read and occupies one thread, however
     * slow Sonoran is. Fails with {@link CadException}, or {@link RejectedExecutionException}
     * when {@code executor} refuses the read.
     */
    public CompletableFuture<ServerList> serversAsync(Executor executor) {
        ServerList current = cached;
        if (isFresh(current)) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<ServerList> shared = pendingRead(executor).result;
        if (shared.isDone()) {
            return shared;
        }
        // This caller's own deadline: the shared read may have started late (a queue) or go on
        // in the background to fill the cache, but this caller gets its answer within the budget.
        CompletableFuture<ServerList> mine = shared.copy();
        delayed.apply(budget).execute(() -> mine.completeExceptionally(CadBudget.didNotAnswer(
                CadOperation.LIST_SERVERS, "gave up waiting " + budget.toMillis() + " ms for the shared read", null)));
        return mine;
    }

    /** The read under way or queued; else a new one handed to {@code executor}. */
    private PendingRead pendingRead(Executor executor) {
        PendingRead read;
        synchronized (readMonitor) {
            ServerList current = cached;
            if (isFresh(current)) {
                PendingRead done = new PendingRead();
                done.started.set(true);
                done.result.complete(current);
                return done;
            }
            if (inFlight != null) {
                return inFlight;
            }
            read = new PendingRead();
            inFlight = read;
        }
        try {
            executor.execute(read);
        } catch (RejectedExecutionException e) {
            read.abandon(e);
        }
        return read;
    }

    /**
     * One shared read of the server list. Runs once, on whichever thread gets there first: the
     * executor it was queued on, or a blocking caller that would otherwise wait for it.
     */
    private final class PendingRead implements Runnable, Abandonable {
        final CompletableFuture<ServerList> result = new CompletableFuture<>();
        final AtomicBoolean started = new AtomicBoolean();

        @Override
        public void run() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(readFresh());
            } catch (Throwable e) {
                // Every throwable, so that no waiter is left waiting for a read that died.
                result.completeExceptionally(e);
                if (e instanceof Error error) {
                    throw error;
                }
            } finally {
                endRead(this);
            }
        }

        /** Dropped from a queue (a full pool, a shutdown): fail the waiters instead of leaving them. */
        @Override
        public void abandon() {
            abandon(new CadException(CadException.Kind.UNAVAILABLE, "The bot is restarting; try again in a minute.",
                    "the server list read was dropped before it ran"));
        }

        void abandon(Throwable why) {
            if (started.compareAndSet(false, true)) {
                endRead(this);
                result.completeExceptionally(why);
            }
        }
    }

    private void endRead(PendingRead read) {
        synchronized (readMonitor) {
            if (inFlight == read) {
                inFlight = null;
            }
        }
    }

    /** The cached list when it is younger than {@code cacheFor}, else null; never calls Sonoran. */
    public ServerList freshOrNull() {
        ServerList current = cached;
        return isFresh(current) ? current : null;
    }

    /** The cached list if there is one, however old; never calls Sonoran (autocomplete). */
    public ServerList cachedOrNull() {
        return cached;
    }

    /**
     * Changes one server: reads the list fresh and merges by {@link ServerMerge}'s rule. If a field
     * the member changes was changed to another value since {@code seenBefore}, or the server is
     * gone, nothing is written and a {@link ConflictException} says which fields collided. Otherwise
     * the whole list is written back with the changes applied on top of the current entry; what
     * changed meanwhile in other fields (unknown ones included) is kept and reported.
     *
     * @param seenBefore the server as the member saw it in the preview; null applies the changes to
     *                   whatever the CAD holds now
     * @throws ConflictException when a changed field collides, or the server is gone
     * @throws CadException      {@link CadException.Kind#UNKNOWN_SERVER} for an unknown id, or any API failure
     */
    public UpdateResult update(int serverId, MapChanges changes, ServerEntry seenBefore, boolean deploy)
            throws CadException {
        return processLock.around(() -> updateHere(serverId, changes, seenBefore, deploy));
    }

    private UpdateResult updateHere(int serverId, MapChanges changes, ServerEntry seenBefore, boolean deploy)
            throws CadException {
        Cycle cycle = new Cycle(true);
        cycle.lockWrites(writeLock);
        try {
            ServerList fresh = readFresh(cycle);
            ServerEntry current = fresh.find(serverId).orElse(null);
            if (current == null) {
                if (seenBefore != null) {
                    metrics.conflict("gone");
                    throw ConflictException.gone(seenBefore);
                }
                throw unknownServer(serverId);
            }
            ServerMerge.Result merge = ServerMerge.merge(seenBefore != null ? seenBefore : current, current, changes);
            if (merge.isConflict()) {
                metrics.conflict("fields");
                throw new ConflictException(seenBefore, current, merge.collisions());
            }
            boolean byTheBot = current.equals(lastWritten.get(serverId));
            ServerEntry after = merge.merged();
            int index = fresh.servers().indexOf(current);
            if (after.equals(current) && !deploy) {
                return new UpdateResult(List.of(), false, merge.keptMeanwhile(), byTheBot, current, current, index,
                        fresh);
            }
            // Only the entry the preview showed (the first with that id): a duplicate id, which the
            // CAD should not have, must not be overwritten with a copy of another entry.
            List<ServerEntry> written = new ArrayList<>(fresh.servers());
            written.set(index, after);
            ServerList writtenList = write(written, deploy, cycle);
            lastWritten.put(serverId, after);
            LOG.info("server {} updated ({} field(s), {} kept from meanwhile), deployMap={}", serverId,
                    merge.applied().size(), merge.keptMeanwhile().size(), deploy);
            return new UpdateResult(merge.applied(), deploy, merge.keptMeanwhile(), byTheBot, current, after, index,
                    writtenList);
        } finally {
            cycle.close();
            writeLock.unlock();
        }
    }

    /** Redeploys the Live Map: a fresh read, then the same list written back with deployMap. */
    public ServerList deploy() throws CadException {
        return processLock.around(this::deployHere);
    }

    private ServerList deployHere() throws CadException {
        Cycle cycle = new Cycle(true);
        cycle.lockWrites(writeLock);
        try {
            ServerList fresh = readFresh(cycle);
            if (fresh.servers().isEmpty()) {
                // An empty answer is more likely a glitch than a community without servers; writing
                // it back would delete every server in the CAD.
                throw new CadException(CadException.Kind.UNEXPECTED_RESPONSE,
                        "Sonoran returned no servers, so the bot did not deploy (that would write an empty list). "
                                + "Check /servers and the CAD, then try again.",
                        "refusing to deploy an empty server list");
            }
            ServerList written = write(fresh.servers(), true, cycle);
            LOG.info("live map deployed ({} servers)", written.servers().size());
            return written;
        } finally {
            cycle.close();
            writeLock.unlock();
        }
    }

    /**
     * Writes {@code servers} as the whole list (a rollback), only if the CAD still holds exactly
     * {@code basedOn}, the list the preview was built on; otherwise nothing is written and a
     * {@link ConflictException} says so. An empty {@code servers} is refused (it would delete
     * every server in the CAD).
     *
     * @return the list as written
     */
    public ServerList replaceAll(List<ServerEntry> basedOn, List<ServerEntry> servers, boolean deploy)
            throws CadException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("refusing to write an empty server list");
        }
        Cycle cycle = new Cycle(true);
        cycle.lockWrites(writeLock);
        try {
            ServerList fresh = readFresh(cycle);
            if (!fresh.servers().equals(basedOn)) {
                metrics.conflict("list_changed");
                throw ConflictException.listChanged();
            }
            ServerList written = write(servers, deploy, cycle);
            LOG.info("server list replaced ({} servers), deployMap={}", servers.size(), deploy);
            return written;
        } finally {
            cycle.close();
            writeLock.unlock();
        }
    }

    /** Who is told around each write; one watcher (the wiring sets it once). */
    public void watchWrites(WriteWatcher watcher) {
        this.writeWatcher = watcher == null ? WriteWatcher.NONE : watcher;
    }

    /** Told around every write of the whole list the bot makes (/setmap, /deploymap, a rollback). */
    public interface WriteWatcher {
        WriteWatcher NONE = () -> new Write() {
            @Override
            public void written(ServerList list) {
            }

            @Override
            public void close() {
            }
        };

        /** A write is about to be sent. */
        Write begin();

        /** One write: {@link #written} when it succeeded, {@link #close} in every case. */
        interface Write extends AutoCloseable {
            void written(ServerList list);

            @Override
            void close();
        }
    }

    /** The community's plan, read now through the pace and guard; {@link #plans()} keeps the last one. */
    public CadPlan plan() throws CadException {
        Cycle cycle = new Cycle(false);
        try (CallGuard.Scope scope = CallGuard.bind(cycle)) {
            return recorded(CadOperation.GET_VERSION, client::plan);
        } finally {
            cycle.close();
        }
    }

    private ServerList readFresh() throws CadException {
        Cycle cycle = new Cycle(false);
        try {
            return readFresh(cycle);
        } finally {
            cycle.close();
        }
    }

    private ServerList readFresh(Cycle cycle) throws CadException {
        List<ServerEntry> servers;
        try (CallGuard.Scope scope = CallGuard.bind(cycle)) {
            servers = recorded(CadOperation.LIST_SERVERS, client::listServers);
        }
        ServerList list = new ServerList(servers, clock.instant());
        cache(list, cycle.lastAttempt);
        return list;
    }

    /**
     * Writes the whole list. On success the cache holds what was written; on failure it is
     * dropped, because the write may or may not have been applied and the list read before it can
     * no longer be shown as current.
     */
    private ServerList write(List<ServerEntry> servers, boolean deployMap, Cycle cycle) throws CadException {
        try (WriteWatcher.Write watched = writeWatcher.begin()) {
            try (CallGuard.Scope scope = CallGuard.bind(cycle)) {
                recorded(CadOperation.REPLACE_SERVERS, () -> {
                    client.replaceServers(servers, deployMap);
                    return null;
                });
            } catch (CadException | RuntimeException e) {
                synchronized (readMonitor) {
                    cached = null;
                    cachedBy = attempts.get();
                }
                throw e;
            }
            ServerList written = new ServerList(servers, clock.instant());
            cache(written, cycle.lastAttempt);
            watched.written(written);
            return written;
        }
    }

    /** A Sonoran call that may fail with a {@link CadException}. */
    @FunctionalInterface
    private interface CadCall<T> {
        T call() throws CadException;
    }

    /** Runs one Sonoran operation and counts it: ok, or the failure's kind. */
    private <T> T recorded(CadOperation operation, CadCall<T> call) throws CadException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.call();
            outcome = "ok";
            return result;
        } catch (CadException e) {
            outcome = e.kind().name();
            throw e;
        } finally {
            metrics.sonoranCall(operation.name(), outcome, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Keeps {@code list} unless a newer attempt's list is already cached. */
    private void cache(ServerList list, long attempt) {
        synchronized (readMonitor) {
            if (attempt >= cachedBy) {
                cached = list;
                cachedBy = attempt;
            }
        }
    }

    private boolean isFresh(ServerList list) {
        return list != null && Duration.between(list.readAt(), clock.instant()).compareTo(cacheFor) < 0;
    }

    /** Whether an HTTP attempt holds the call gate right now; for tests. */
    boolean callInFlight() {
        return callGate.isLocked();
    }

    /**
     * One operation's {@link CallGuard}: its deadline, the pace for each attempt, the call gate,
     * the breaker. A read-modify-write cycle ({@code readThenWrite}) reserves the write's pace with
     * its read's and keeps the call gate from the end of the read to the end of the write, so the
     * write goes out right after the read; only a read that is retried lets go in between attempts.
     * Used by one thread at a time.
     */
    private final class Cycle implements CallGuard {
        private final long deadline;
        private final boolean readThenWrite;
        private boolean holdingGate;
        private boolean writeReserved;
        private boolean writeSlotTaken;
        private long writeReservedAt;
        private boolean trial;
        /** The time the current attempt was given. */
        private Duration attemptAllowed;
        long lastAttempt;

        Cycle(boolean readThenWrite) {
            this.deadline = pacer.now() + CadBudget.forThisOperation(budget).toNanos();
            this.readThenWrite = readThenWrite;
        }

        private Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadline - pacer.now()));
        }

        /** Waits for the write lock within the budget: a cycle queued behind another is bounded too. */
        void lockWrites(ReentrantLock lock) throws CadException {
            try {
                if (!lock.tryLock(remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                    throw CadBudget.didNotAnswer(CadOperation.REPLACE_SERVERS,
                            "gave up waiting for the change under way", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw shuttingDown(CadOperation.REPLACE_SERVERS, e);
            }
        }

        @Override
        public Duration beginAttempt(CadOperation operation) throws CadException {
            if (holdingGate) {
                // The write right after its read: its pace was reserved with the read, the gate is
                // still held. No waiting of any kind here.
                if (remaining().compareTo(CadBudget.MIN_ATTEMPT) < 0) {
                    throw CadBudget.didNotAnswer(operation, "time budget spent before the write", null);
                }
                if (operation == CadOperation.REPLACE_SERVERS && writeReserved) {
                    pacer.restamp(operation, writeReservedAt);
                    writeReserved = false;
                } else {
                    CallPacer.Slot slot = pacer.tryReserve(operation);
                    if (!slot.taken()) {
                        releaseGate();
                        throw pacer.refusal(operation, slot.delay());
                    }
                }
                lastAttempt = attempts.incrementAndGet();
                return remaining();
            }
            breaker.check(operation);
            while (true) {
                Duration left = remaining();
                if (left.compareTo(CadBudget.MIN_ATTEMPT) < 0) {
                    throw CadBudget.didNotAnswer(operation, "time budget spent before the attempt", null);
                }
                try {
                    if (!callGate.tryLock(left.toNanos(), TimeUnit.NANOSECONDS)) {
                        throw CadBudget.didNotAnswer(operation, "gave up waiting for the call in flight", null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw shuttingDown(operation, e);
                }
                holdingGate = true;
                boolean withWrite = readThenWrite && operation == CadOperation.LIST_SERVERS && !writeSlotTaken;
                CallPacer.Slot slot = withWrite
                        ? pacer.tryReserve(CadOperation.LIST_SERVERS, CadOperation.REPLACE_SERVERS)
                        : pacer.tryReserve(operation);
                if (slot.taken()) {
                    if (withWrite) {
                        writeSlotTaken = true;
                        writeReserved = true;
                        writeReservedAt = slot.at();
                    }
                    try {
                        trial = breaker.enter(operation);
                    } catch (CadException e) {
                        releaseGate();
                        throw e;
                    }
                    lastAttempt = attempts.incrementAndGet();
                    Duration forThis = remaining();
                    if (readThenWrite && operation == CadOperation.LIST_SERVERS) {
                        // Leave the write its share; a read that needs longer fails, nothing is written.
                        forThis = forThis.minus(CadBudget.WRITE_SHARE);
                        if (forThis.compareTo(CadBudget.MIN_ATTEMPT) < 0) {
                            forThis = CadBudget.MIN_ATTEMPT;
                        }
                    }
                    attemptAllowed = forThis;
                    return forThis;
                }
                releaseGate();
                Duration wait = slot.delay();
                Duration allowed = left.minus(CadBudget.MIN_ATTEMPT)
                        .minus(withWrite ? CadBudget.WRITE_SHARE : Duration.ZERO);
                if (wait.compareTo(pacer.maxWait()) > 0 || wait.compareTo(allowed) > 0) {
                    throw pacer.refusal(operation, wait);
                }
                metrics.rateLimitWait("pace", wait);
                pacer.await(operation, wait);
                breaker.check(operation);
            }
        }

        @Override
        public void backingOff(CadOperation operation, Duration wait) {
            metrics.rateLimitWait("sonoran_429", wait);
        }

        @Override
        public void endAttempt(Result result, boolean retrying) {
            boolean wasTrial = trial;
            trial = false;
            // Only a real wait proves Sonoran is not answering: an attempt cut short because this
            // operation's budget was nearly spent must not lock every other command out for 30 s.
            boolean shortAttempt = attemptAllowed != null
                    && attemptAllowed.compareTo(CadBudget.breakerMinAttempt(budget)) < 0;
            breaker.record(result == Result.TIMED_OUT && shortAttempt ? Result.FAILED : result, wasTrial);
            // A cycle's read that is not retried keeps the gate, so that its write follows at once.
            boolean keep = readThenWrite && !retrying && writeReserved;
            if (!keep) {
                releaseGate();
            }
        }

        @Override
        public boolean mayRetry(CadOperation operation, Result result, Duration wait) {
            if (readThenWrite && operation == CadOperation.REPLACE_SERVERS) {
                // Never a wait between a cycle's read and its write: a refused write fails instead.
                return false;
            }
            if (result == Result.TIMED_OUT) {
                // Sonoran just did not answer (the breaker is open now): the member hears so at once.
                return false;
            }
            Duration after = remaining().minus(wait)
                    .minus(readThenWrite ? CadBudget.WRITE_SHARE : Duration.ZERO);
            return after.compareTo(CadBudget.MIN_ATTEMPT) >= 0;
        }

        /** The end of the operation: gives back what it still holds. */
        void close() {
            if (writeReserved) {
                pacer.release(CadOperation.REPLACE_SERVERS, writeReservedAt);
                writeReserved = false;
            }
            releaseGate();
        }

        private void releaseGate() {
            if (holdingGate) {
                holdingGate = false;
                callGate.unlock();
            }
        }
    }

    private static CadException shuttingDown(CadOperation operation, InterruptedException e) {
        return new CadException(CadException.Kind.UNAVAILABLE, "The bot is shutting down; try again later.",
                "interrupted while waiting to call " + operation, null, e);
    }

    private static CadException unknownServer(int serverId) {
        return new CadException(CadException.Kind.UNKNOWN_SERVER,
                "There is no server #" + serverId + " in the CAD. Pick one from the list (/servers).",
                "unknown server id " + serverId);
    }

    private ServerList await(CompletableFuture<ServerList> read) throws CadException {
        try {
            // The read is running on some thread (servers() runs it itself if it was still queued)
            // and fits its own budget, which started no later than this wait.
            return read.get(CadBudget.forThisOperation(budget).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CadBudget.didNotAnswer(CadOperation.LIST_SERVERS,
                    "gave up waiting " + budget.toMillis() + " ms for the shared server list read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CadException(CadException.Kind.UNAVAILABLE, "The bot is shutting down; try again later.",
                    "interrupted while waiting for the server list", null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CadException cad) {
                throw cad;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
