package livemapbot.cad;

import livemapbot.config.ApiVersion;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Client-side pace for Sonoran calls, per endpoint, so that a burst of commands can never get
 * the community rate-limited: at most {@code calls} HTTP attempts (retries count) start in any
 * {@code window}.
 *
 * <p>v2 documents 10 calls a minute per endpoint and key; v1 publishes no limit but asks for no
 * more than one call a second. A caller that would have to wait longer than {@code maxWait} is
 * refused at once with {@link CadException.Kind#RATE_LIMITED}: staff are better served by "try
 * again in 40 s" than by a command that hangs.
 *
 * <p>{@link #tryReserve} takes slots for several calls at once, all or none: a read-modify-write
 * reserves its read and its write together, so the write never waits for the pace after the read.
 * The pacer never sleeps itself while deciding and holds its monitor only to decide; callers wait
 * with {@link #await} outside any lock. Thread-safe.
 */
public final class CallPacer {

    /** The outcome of {@link #tryReserve}: taken (recorded at {@code at}) when {@code delay} is zero. */
    public record Slot(Duration delay, long at) {
        public boolean taken() {
            return delay.isZero();
        }
    }

    private final int calls;
    private final long windowNanos;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final UnaryOperator<CadOperation> endpointOf;
    /** Start times per endpoint, oldest first; guarded by this. */
    private final Map<CadOperation, Deque<Long>> starts = new EnumMap<>(CadOperation.class);

    /** Every operation its own endpoint. */
    public CallPacer(int calls, Duration window, Duration maxWait, LongSupplier nanoClock, Sleeper sleeper) {
        this(calls, window, maxWait, nanoClock, sleeper, UnaryOperator.identity());
    }

    /**
     * @param nanoClock  the time source of the pace (and of the directory's time budgets)
     * @param sleeper    how {@link #await} waits
     * @param endpointOf which operations share one limit: they are paced together under the
     *                   operation this maps them to
     */
    public CallPacer(int calls, Duration window, Duration maxWait, LongSupplier nanoClock, Sleeper sleeper,
                     UnaryOperator<CadOperation> endpointOf) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1");
        }
        this.calls = calls;
        this.windowNanos = window.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.endpointOf = endpointOf;
    }

    /** The documented pace for an API version, waiting at most 15 s for a slot. */
    public static CallPacer forApi(ApiVersion version) {
        Duration maxWait = Duration.ofSeconds(15);
        return switch (version) {
            case V1 -> new CallPacer(1, Duration.ofSeconds(1), maxWait, System::nanoTime, Sleeper.REAL);
            // GET and PUT /v2/general/servers are one endpoint: read and write share its 10 a minute.
            case V2 -> new CallPacer(10, Duration.ofMinutes(1), maxWait, System::nanoTime, Sleeper.REAL,
                    op -> op == CadOperation.REPLACE_SERVERS ? CadOperation.LIST_SERVERS : op);
        };
    }

    /** Now, on the pacer's clock. */
    long now() {
        return nanoClock.getAsLong();
    }

    /** The longest the pacer lets anyone wait for a slot. */
    Duration maxWait() {
        return Duration.ofNanos(maxWaitNanos);
    }

    /**
     * Takes one call start, now, for each of {@code operations} — all of them or none. When they
     * do not all fit now, nothing is recorded and the slot says how long until they would.
     *
     * @throws IllegalArgumentException when more operations share an endpoint than its limit allows
     */
    public synchronized Slot tryReserve(CadOperation... operations) {
        long now = nanoClock.getAsLong();
        Map<CadOperation, Integer> wanted = new EnumMap<>(CadOperation.class);
        for (CadOperation op : operations) {
            wanted.merge(endpointOf.apply(op), 1, Integer::sum);
        }
        long wait = 0;
        for (Map.Entry<CadOperation, Integer> e : wanted.entrySet()) {
            int k = e.getValue();
            if (k > calls) {
                // v1 paces each endpoint to one call a second; its read and write are separate endpoints.
                throw new IllegalArgumentException(
                        k + " calls to " + e.getKey() + " at once exceed its limit of " + calls);
            }
            Deque<Long> recent = recent(e.getKey(), now);
            int over = recent.size() + k - calls;
            if (over > 0) {
                // The window must have let go of the {@code over} oldest starts.
                long[] sorted = recent.stream().mapToLong(Long::longValue).sorted().toArray();
                wait = Math.max(wait, sorted[over - 1] + windowNanos - now);
            }
        }
        if (wait > 0) {
            return new Slot(Duration.ofNanos(wait), now);
        }
        for (CadOperation op : operations) {
            recent(endpointOf.apply(op), now).addLast(now);
        }
        return new Slot(Duration.ZERO, now);
    }

    /**
     * A slot taken ahead (the write of a read-modify-write) is used now: it counts from now, not
     * from when it was reserved.
     */
    public synchronized void restamp(CadOperation operation, long reservedAt) {
        Deque<Long> recent = starts.get(endpointOf.apply(operation));
        if (recent != null && recent.removeFirstOccurrence(reservedAt)) {
            recent.addLast(nanoClock.getAsLong());
        }
    }

    /** A slot taken ahead will not be used (the write turned out to be unnecessary or impossible). */
    public synchronized void release(CadOperation operation, long reservedAt) {
        Deque<Long> recent = starts.get(endpointOf.apply(operation));
        if (recent != null) {
            recent.removeFirstOccurrence(reservedAt);
        }
    }

    /** The refusal for a caller that would have to wait {@code wait}. */
    CadException refusal(CadOperation operation, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new CadException(CadException.Kind.RATE_LIMITED,
                "Too many Sonoran calls in a short time; try again in " + seconds + " s.",
                "client-side pace: " + operation + " would wait " + wait.toMillis() + " ms",
                wait, null);
    }

    /** Waits {@code wait} for a slot; the caller must hold no lock. */
    void await(CadOperation operation, Duration wait) throws CadException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CadException(CadException.Kind.UNAVAILABLE, "The bot is shutting down; try again later.",
                    "interrupted while pacing " + operation, null, e);
        }
    }

    /** The starts of {@code endpoint} still inside the window at {@code now}. */
    private Deque<Long> recent(CadOperation endpoint, long now) {
        Deque<Long> recent = starts.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
        recent.removeIf(start -> now - start >= windowNanos);
        return recent;
    }
}
