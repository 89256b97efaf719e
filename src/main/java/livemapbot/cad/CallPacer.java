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
 * the community rate-limited: at most {@code calls} call starts in any {@code window}.
 *
 * <p>v2 documents 10 calls a minute per endpoint and key; v1 publishes no limit but asks for no
 * more than one call a second. A caller that would have to wait longer than {@code maxWait} is
 * refused at once with {@link CadException.Kind#RATE_LIMITED}: staff are better served by "try
 * again in 40 s" than by a command that hangs.
 *
 * <p>Not thread-safe on its own: {@link ServerDirectory} calls it while holding its call gate.
 */
public final class CallPacer {

    private final int calls;
    private final long windowNanos;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final UnaryOperator<CadOperation> endpointOf;
    private final Map<CadOperation, Deque<Long>> starts = new EnumMap<>(CadOperation.class);

    /** Every operation its own endpoint. */
    public CallPacer(int calls, Duration window, Duration maxWait, LongSupplier nanoClock, Sleeper sleeper) {
        this(calls, window, maxWait, nanoClock, sleeper, UnaryOperator.identity());
    }

    /**
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

    /** Waits until {@code operation} may start a call, then records the start. */
    public void acquire(CadOperation operation) throws CadException {
        Deque<Long> recent = starts.computeIfAbsent(endpointOf.apply(operation), k -> new ArrayDeque<>());
        long now = nanoClock.getAsLong();
        while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
            recent.pollFirst();
        }
        if (recent.size() >= calls) {
            long waitNanos = recent.peekFirst() + windowNanos - now;
            if (waitNanos > maxWaitNanos) {
                Duration wait = Duration.ofNanos(waitNanos);
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                throw new CadException(CadException.Kind.RATE_LIMITED,
                        "Too many Sonoran calls in a short time; try again in " + seconds + " s.",
                        "client-side pace: " + operation + " would wait " + wait.toMillis() + " ms",
                        wait, null);
            }
            try {
                sleeper.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CadException(CadException.Kind.UNAVAILABLE, "The bot is shutting down; try again later.",
                        "interrupted while pacing " + operation, null, e);
            }
            recent.pollFirst();
            now = nanoClock.getAsLong();
        }
        recent.addLast(now);
    }
}
