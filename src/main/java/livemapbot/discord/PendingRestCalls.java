package livemapbot.discord;

import net.dv8tion.jda.api.requests.RestRateLimiter;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * JDA's rate limiter with a count of the REST calls still to be sent. At shutdown the bot waits
 * for it to drain before closing the gateway: a worker's last step is a queued hook edit ("Done",
 * "Failed"), and {@code JDA.shutdown()} closes the gateway first and drains REST afterwards, so
 * without this wait a member could be left looking at "thinking…" while the bot goes away.
 */
final class PendingRestCalls implements RestRateLimiter {
    /** A callback may queue the next call right after one completes; idle must hold this long. */
    private static final Duration SETTLE = Duration.ofMillis(50);
    private static final long POLL_MILLIS = 10;

    private final RestRateLimiter delegate;
    private final Set<Work> pending = ConcurrentHashMap.newKeySet();

    PendingRestCalls(RestRateLimiter delegate) {
        this.delegate = delegate;
    }

    @Override
    public void enqueue(Work task) {
        pending.add(task);
        delegate.enqueue(task);
    }

    /** REST calls queued and not yet answered (or skipped). */
    int count() {
        pending.removeIf(work -> work.isDone() || work.isCancelled());
        return pending.size();
    }

    /** Waits until nothing has been pending for a short while; false when {@code timeout} passed first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long idleSince = -1;
        while (true) {
            long now = System.nanoTime();
            if (count() == 0) {
                if (idleSince < 0) {
                    idleSince = now;
                } else if (now - idleSince >= SETTLE.toNanos()) {
                    return true;
                }
            } else {
                idleSince = -1;
            }
            if (now > deadline) {
                return false;
            }
            // JDA offers no completion callback at this level, so a short bounded poll it is.
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void stop(boolean shutdown, Runnable callback) {
        delegate.stop(shutdown, callback);
    }

    @Override
    public boolean isStopped() {
        return delegate.isStopped();
    }

    @Override
    public int cancelRequests() {
        return delegate.cancelRequests();
    }
}
