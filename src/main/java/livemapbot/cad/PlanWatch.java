package livemapbot.cad;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The community's Sonoran plan as last read, so commands can say at once what the plan does not
 * allow instead of attempting a call Sonoran will refuse (README "Plans").
 *
 * <p>The plan is read at start-up and then once per {@code every} ({@link #watch}), always
 * asynchronously on the workers (no command ever waits for it) and through the
 * directory's pace and guard on its own endpoint, so it costs no server-list call. A lookup that
 * fails forgets what was known, and a plan not known never refuses anything: Sonoran's own
 * answer decides then. Thread-safe.
 */
public final class PlanWatch {
    private static final Logger LOG = LoggerFactory.getLogger(PlanWatch.class);
    private volatile boolean stopped;
    public static final Duration EVERY = Duration.ofHours(1);

    /** One plan lookup; blocks. */
    @FunctionalInterface
    public interface Lookup {
        CadPlan plan() throws CadException;
    }

    private final Lookup lookup;
    private final Clock clock;
    private final Duration every;
    private volatile CadPlan known;
    /** When the last lookup started; guarded by this. */
    private Instant lastStart;
    /** The last lookup started (completed with what is known after it); guarded by this. */
    private CompletableFuture<Optional<CadPlan>> latest = CompletableFuture.completedFuture(Optional.empty());

    public PlanWatch(Lookup lookup, Clock clock, Duration every) {
        this.lookup = lookup;
        this.clock = clock;
        this.every = every;
    }

    /**
     * Reads the plan now and then every {@code every} on {@code workers}, for as long as they
     * take work (a pool shut down ends the watch). Returns the first lookup.
     */
    public CompletableFuture<Optional<CadPlan>> watch(Executor workers) {
        CompletableFuture<Optional<CadPlan>> first = refreshIfDue(workers);
        // The delay runs on the JDK's own timer, not on the workers: a pool that refuses the task an
        // hour later would otherwise swallow the refusal and end the watch silently.
        first.whenComplete((plan, error) -> CompletableFuture.delayedExecutor(every.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (stopped) {
                        return;
                    }
                    if (workers instanceof ExecutorService pool && pool.isShutdown()) {
                        LOG.debug("plan watch ended: the worker pool is shut down");
                        return;
                    }
                    watch(workers);
                }));
        return first;
    }

    /** Ends {@link #watch}: no lookup is scheduled any more (a community forgotten or re-wired). */
    public void stop() {
        stopped = true;
    }

    /** The plan as last read; empty before the first successful lookup. Never calls Sonoran. */
    public Optional<CadPlan> known() {
        return Optional.ofNullable(known);
    }

    /**
     * Starts a lookup on {@code executor} unless one ran less than {@code every} ago (or is under
     * way); never blocks. Returns the newest lookup, which completes with what is known after it.
     */
    public synchronized CompletableFuture<Optional<CadPlan>> refreshIfDue(Executor executor) {
        Instant now = clock.instant();
        if (lastStart != null && now.isBefore(lastStart.plus(every))) {
            return latest;
        }
        lastStart = now;
        CompletableFuture<Optional<CadPlan>> next = new CompletableFuture<>();
        latest = next;
        try {
            executor.execute(() -> run(next));
        } catch (RejectedExecutionException e) {
            LOG.debug("plan lookup not started: the worker pool refused it");
            lastStart = null;
            next.complete(known());
        }
        return next;
    }

    private void run(CompletableFuture<Optional<CadPlan>> done) {
        try {
            CadPlan plan = lookup.plan();
            if (!plan.equals(known)) {
                LOG.info("Sonoran plan: {} (level {}): {}", plan.name(), plan.level(), plan.allows());
            }
            known = plan;
        } catch (CadException e) {
            known = null; // a failed lookup never limits a command: Sonoran's own answer decides
            LOG.warn("could not read the Sonoran plan ({}); commands are not limited by it: {}", e.kind(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("could not read the Sonoran plan", e);
        } finally {
            done.complete(known());
        }
    }
}
