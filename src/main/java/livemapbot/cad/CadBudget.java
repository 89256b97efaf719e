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
    /** After a timeout, how long commands are answered "not answering" without calling Sonoran. */
    static final Duration BREAKER_OPEN = Duration.ofSeconds(30);

    private CadBudget() {
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
