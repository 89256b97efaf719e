package livemapbot.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestRateLimiter;
import net.dv8tion.jda.api.requests.Route;
import okhttp3.Response;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * JDA's rate limiter with a count of the REST calls still to be sent. At shutdown the bot waits
 * for it to drain before closing the gateway: a worker's last step is a queued hook edit ("Done",
 * "Failed"), and {@code JDA.shutdown()} closes the gateway first and drains REST afterwards, so
 * without this wait a member could be left looking at "thinking…" while the bot goes away.
 *
 * <p>Only unfinished calls are held. Each call is handed to JDA's limiter inside a {@link Tracked}
 * wrapper that lets go of it the moment the limiter is finished with it: answered (or failed) after
 * {@code execute()}, skipped (cancelled or expired before it was sent) or cancelled. A call is
 * added before the limiter sees it, so it cannot finish before it is counted.
 */
final class PendingRestCalls implements RestRateLimiter {
    /** A callback may queue the next call right after one completes; idle must hold this long. */
    private static final Duration SETTLE = Duration.ofMillis(50);
    private static final long POLL_MILLIS = 10;

    private final RestRateLimiter delegate;
    private final Set<Tracked> pending = ConcurrentHashMap.newKeySet();
    /** Told of every call about to be sent: the interaction callbacks end the acknowledgement timing. */
    private final AckTimer acks;

    PendingRestCalls(RestRateLimiter delegate) {
        this(delegate, null);
    }

    PendingRestCalls(RestRateLimiter delegate, AckTimer acks) {
        this.delegate = delegate;
        this.acks = acks;
    }

    @Override
    public void enqueue(Work task) {
        Tracked tracked = new Tracked(task);
        pending.add(tracked);
        delegate.enqueue(tracked);
    }

    /** REST calls queued and not yet answered (or skipped). */
    int count() {
        // The wrapper lets go of each call as the limiter finishes it; this only catches a call the
        // limiter dropped without asking (a stopped limiter), so the shutdown wait cannot hang on it.
        pending.removeIf(Tracked::finished);
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

    /**
     * One queued call as the limiter sees it. The limiter decides a call is over in exactly these
     * places: {@link #isSkipped()} answers true (it drops the call unsent), {@link #execute()}
     * returns with {@link #isDone()} true or throws (it drops the call; not done means a 429 retry),
     * or {@link #cancel()}. Each of them releases the call here, whatever the outcome.
     */
    private final class Tracked implements Work {
        private final Work work;

        Tracked(Work work) {
            this.work = work;
        }

        boolean finished() {
            return work.isDone() || work.isCancelled();
        }

        private void release() {
            pending.remove(this);
        }

        @Override
        public Route.CompiledRoute getRoute() {
            return work.getRoute();
        }

        @Override
        public JDA getJDA() {
            return work.getJDA();
        }

        @Override
        public Response execute() {
            boolean over = true;
            if (acks != null) {
                acks.sending(work.getRoute());
            }
            try {
                Response response = work.execute();
                over = work.isDone();
                return response;
            } finally {
                if (over) {
                    release();
                }
            }
        }

        @Override
        public boolean isSkipped() {
            boolean skipped = work.isSkipped();
            if (skipped) {
                release();
            }
            return skipped;
        }

        @Override
        public boolean isDone() {
            return work.isDone();
        }

        @Override
        public boolean isPriority() {
            return work.isPriority();
        }

        @Override
        public boolean isCancelled() {
            return work.isCancelled();
        }

        @Override
        public void cancel() {
            try {
                work.cancel();
            } finally {
                release();
            }
        }
    }
}
