package livemapbot.cad;

import java.time.Duration;

/**
 * How long a CAD operation may take, and what staff are told when Sonoran does not answer in time.
 *
 * <p>The promise: every interactive command shows a final answer within 15 seconds of the click,
 * whatever Sonoran does. A whole {@link ServerDirectory} operation — waiting for the pace, for the
 * call in flight, every attempt and every back-off — fits in {@link #OPERATION}; each HTTP attempt
 * gets only the time left (OkHttp's call timeout, which also bounds a server that trickles bytes).
 * After a timeout Sonoran is taken as not answering for {@link #BREAKER_OPEN}: commands in that
 * window are answered at once instead of queueing behind it.
 */
public final class CadBudget {
    /** The whole operation, so the answer lands well inside 15 s of the click. */
    public static final Duration OPERATION = Duration.ofSeconds(12);
    /** An attempt or retry that would get less than this is not made. */
    static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);
    /** Kept for the write of a read-modify-write: its read may use only what is left beyond this. */
    static final Duration WRITE_SHARE = Duration.ofSeconds(4);
    /** A timed-out attempt opens the breaker only if it was given at least this long (see below). */
    static final Duration BREAKER_MIN_ATTEMPT = Duration.ofSeconds(5);
    /** After a timeout, how long commands are answered "not answering" without calling Sonoran. */
    static final Duration BREAKER_OPEN = Duration.ofSeconds(30);

    /** The deadline ({@link System#nanoTime()}) of the command this thread is working for, if any. */
    private static final ThreadLocal<Long> COMMAND_DEADLINE = new ThreadLocal<>();

    private CadBudget() {
    }

    /**
     * Runs {@code task} for a command handed off at {@code handedOffNanos} ({@link System#nanoTime()}):
     * the command's {@link #OPERATION} budget counts from the hand-off, not from when a worker became
     * free, so time spent queued behind other commands is part of it and the member still gets an
     * answer within 15 s of the click.
     */
    public static void runForCommand(long handedOffNanos, Runnable task) {
        Long outer = COMMAND_DEADLINE.get();
        COMMAND_DEADLINE.set(handedOffNanos + OPERATION.toNanos());
        try {
            task.run();
        } finally {
            if (outer == null) {
                COMMAND_DEADLINE.remove();
            } else {
                COMMAND_DEADLINE.set(outer);
            }
        }
    }

    /**
     * How long a timed-out attempt must have been given to open the breaker: 5 s, or half of a
     * shorter operation budget. Less than that, the bot cut the attempt short itself.
     */
    static Duration breakerMinAttempt(Duration operationBudget) {
        Duration half = operationBudget.dividedBy(2);
        return half.compareTo(BREAKER_MIN_ATTEMPT) < 0 ? half : BREAKER_MIN_ATTEMPT;
    }

    /** What is left of the current command's budget, or {@code null} when this thread runs no command. */
    public static Duration leftForCommand() {
        Long deadline = COMMAND_DEADLINE.get();
        return deadline == null ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** {@code budget}, shortened to what is left of the command this thread works for. */
    static Duration forThisOperation(Duration budget) {
        Duration left = leftForCommand();
        return left == null || left.compareTo(budget) >= 0 ? budget : left;
    }

    /**
     * Sonoran did not answer in time; nothing was written (a write that was sent is a
     * {@link WriteOutcomeUnknownException} instead).
     */
    static CadException didNotAnswer(CadOperation operation, String detail, Throwable cause) {
        return new CadException(CadException.Kind.UNAVAILABLE,
                "Sonoran CAD did not answer within " + OPERATION.toSeconds() + " s, so nothing was changed; "
                        + "try again in a minute.",
                operation + ": " + detail, null, cause);
    }

    /** Sonoran has just timed out; the bot does not call it again yet. */
    static CadException notAnswering(CadOperation operation, Duration retryIn) {
        long seconds = Math.max(1, (retryIn.toMillis() + 999) / 1000);
        return new CadException(CadException.Kind.UNAVAILABLE,
                "Sonoran CAD is not answering (it just timed out), so nothing was changed; try again in "
                        + seconds + " s.",
                operation + ": not called, Sonoran timed out less than " + BREAKER_OPEN.toSeconds()
                        + " s ago (circuit open for another " + retryIn.toMillis() + " ms)",
                retryIn, null);
    }
}
