package livemapbot.cad;

import java.time.Duration;

/**
 * What every HTTP attempt of one CAD operation passes through, retries included: the
 * {@link ServerDirectory} uses it to pace each attempt, to keep one call in flight, to stop when the
 * operation's time budget is spent, and to feed its circuit breaker. The transport calls
 * {@link #beginAttempt} before and {@link #endAttempt} after every attempt, and sleeps between
 * retries only after {@code endAttempt}, so no lock is held while it waits.
 *
 * <p>The guard travels with the call as a scoped context ({@link #bind}) rather than as a parameter,
 * so {@link CadClient} stays the plain API that {@code check} and the tests' fakes use. A call
 * made outside any scope gets a {@linkplain #standalone() standalone} guard: the same time budget,
 * no pacing.
 */
public interface CallGuard {

    /** How an attempt ended. */
    enum Result {
        /** Sonoran (or something in front of it) sent an HTTP answer, whatever its status. */
        ANSWERED,
        /** No answer within the time the attempt was given. */
        TIMED_OUT,
        /** No answer for another reason (connection refused, reset, …). */
        FAILED
    }

    /**
     * Waits this attempt's turn and returns how long the attempt may take.
     *
     * @throws CadException when the operation's budget is spent, the pace would make it wait
     *                      too long, or Sonoran has just stopped answering
     */
    Duration beginAttempt(CadOperation operation) throws CadException;

    /**
     * After every attempt that {@link #beginAttempt} let start, whatever happened.
     *
     * @param retrying whether another attempt follows (after a wait)
     */
    void endAttempt(Result result, boolean retrying);

    /**
     * Whether to retry, after {@code wait}, an attempt that ended with {@code result}: the budget
     * leaves room for it, and the operation allows it. Asked before {@link #endAttempt}.
     */
    boolean mayRetry(CadOperation operation, Result result, Duration wait);

    /**
     * Sonoran answered 429 and the transport waits {@code wait} before retrying (after
     * {@link #endAttempt}); for the metrics. Nothing by default.
     */
    default void backingOff(CadOperation operation, Duration wait) {
    }

    /** The guard of the operation under way on this thread, or a fresh standalone one. */
    static CallGuard current() {
        CallGuard bound = Scope.CURRENT.get();
        return bound != null ? bound : standalone();
    }

    /** Makes {@code guard} {@link #current()} on this thread until the scope is closed. */
    static Scope bind(CallGuard guard) {
        return new Scope(guard);
    }

    /** The time budget of {@link CadBudget#OPERATION} on the real clock, with no pacing and no breaker. */
    static CallGuard standalone() {
        long deadline = System.nanoTime() + CadBudget.OPERATION.toNanos();
        return new CallGuard() {
            @Override
            public Duration beginAttempt(CadOperation operation) throws CadException {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.compareTo(CadBudget.MIN_ATTEMPT) < 0) {
                    throw CadBudget.didNotAnswer(operation, "time budget spent before the attempt", null);
                }
                return left;
            }

            @Override
            public void endAttempt(Result result, boolean retrying) {
            }

            @Override
            public boolean mayRetry(CadOperation operation, Result result, Duration wait) {
                return deadline - System.nanoTime() - wait.toNanos() >= CadBudget.MIN_ATTEMPT.toNanos();
            }
        };
    }

    /** A bound guard; closing restores what was bound before. */
    final class Scope implements AutoCloseable {
        private static final ThreadLocal<CallGuard> CURRENT = new ThreadLocal<>();
        private final CallGuard previous;

        private Scope(CallGuard guard) {
            this.previous = CURRENT.get();
            CURRENT.set(guard);
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
