package livemapbot.cad;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A small circuit breaker: after an attempt times out, Sonoran counts as not answering for
 * {@code openFor}, and every call in that window is refused at once (no HTTP, no queueing behind
 * a stalled call). When the window has passed, one trial call goes through while the others are
 * still refused; an answer closes the breaker, another timeout opens it again.
 *
 * <p>Only timeouts open it: an error answer (401, 5xx, 429) is an answer, handled by the caller,
 * and a refused connection fails fast anyway. Thread-safe; time comes from an injected nano clock.
 */
final class SonoranBreaker {
    private final LongSupplier nanoClock;
    private final long openNanos;
    private boolean open;
    private long openUntil;
    private boolean trialOut;

    SonoranBreaker(Duration openFor, LongSupplier nanoClock) {
        this.openNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Refuses at once while open (and while the trial call is out); lets everything through otherwise. */
    synchronized void check(CadOperation operation) throws CadException {
        if (!open) {
            return;
        }
        long left = openUntil - nanoClock.getAsLong();
        if (left > 0) {
            throw CadBudget.notAnswering(operation, Duration.ofNanos(left));
        }
        if (trialOut) {
            throw CadBudget.notAnswering(operation, CadBudget.MIN_ATTEMPT);
        }
    }

    /**
     * Just before an attempt: as {@link #check}, and when the open window has passed, lets this
     * attempt be the one trial. Returns whether it is the trial (pass that to {@link #record}).
     */
    synchronized boolean enter(CadOperation operation) throws CadException {
        check(operation);
        if (open) {
            trialOut = true;
            return true;
        }
        return false;
    }

    /** After an attempt that {@link #enter} let through. */
    synchronized void record(CallGuard.Result result, boolean trial) {
        if (trial) {
            trialOut = false;
        }
        if (result == CallGuard.Result.TIMED_OUT) {
            open = true;
            openUntil = nanoClock.getAsLong() + openNanos;
        } else if (result == CallGuard.Result.ANSWERED || trial) {
            open = false;
        }
    }

    synchronized boolean isOpen() {
        return open;
    }
}
