package livemapbot.status;

import livemapbot.cad.ServerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probes as a caller uses them: cached, deduplicated, concurrent and never on the caller's thread.
 *
 * <ul>
 *   <li>At most one probe per game server ({@code host:port}) per {@link #FRESH_FOR}: a result younger
 *       than that is answered from the cache, and a second caller while a probe runs shares it. After a
 *       {@code 403 Nope.} or {@code 429} the server is left alone for {@link #BACK_OFF}.</li>
 *   <li>Probes of different game servers run at once on {@link #MAX_CONCURRENT} worker threads.</li>
 *   <li>{@link #probe} returns at once with a future; {@link #cached} answers with what is known now,
 *       so a command can render immediately and update when the futures complete.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class StatusProbes implements AutoCloseable {
    public static final Duration FRESH_FOR = Duration.ofSeconds(60);
    public static final Duration BACK_OFF = Duration.ofMinutes(10);
    public static final int MAX_CONCURRENT = 16;
    /** A cached result older than this is dropped (when the next probe finishes). */
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(StatusProbes.class);

    private final Prober prober;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, ProbeResult> cache = new HashMap<>();
    private final Map<String, CompletableFuture<ProbeResult>> inFlight = new HashMap<>();

    public StatusProbes(Prober prober, Clock clock, ExecutorService workers) {
        this.prober = Objects.requireNonNull(prober, "prober");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /** With its own {@link #MAX_CONCURRENT} daemon worker threads, stopped by {@link #close()}. */
    public static StatusProbes create(Prober prober, Clock clock) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(MAX_CONCURRENT, MAX_CONCURRENT, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "status-probe-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        return new StatusProbes(prober, clock, workers);
    }

    /**
     * What is known about the entry now, without waiting: the verdict when no network is needed, else
     * the last result for its game server however old (see {@link #isFresh}), else empty.
     */
    public Optional<ProbeResult> cached(ServerEntry entry) {
        Optional<ProbeResult> immediate = prober.withoutNetwork(entry);
        if (immediate.isPresent()) {
            return immediate;
        }
        Optional<String> target = prober.target(entry);
        synchronized (this) {
            return target.map(cache::get).map(result -> result.forEntry(entry));
        }
    }

    /** Whether a result is young enough that {@link #probe} would answer it from the cache. */
    public boolean isFresh(ProbeResult result) {
        return clock.instant().isBefore(freshUntil(result));
    }

    /**
     * The entry's status: at once from the cache when fresh, else the running probe of its game server,
     * else a new probe on a worker. Never blocks; the future never completes exceptionally for what a
     * game server does (only if the probe itself has a bug, or after {@link #close()}).
     */
    public CompletableFuture<ProbeResult> probe(ServerEntry entry) {
        Optional<ProbeResult> immediate = prober.withoutNetwork(entry);
        if (immediate.isPresent()) {
            return CompletableFuture.completedFuture(immediate.get());
        }
        Optional<String> target = prober.target(entry);
        if (target.isEmpty()) {
            // withoutNetwork covers every entry without a target; this is only a guard.
            return CompletableFuture.failedFuture(new IllegalStateException("no target for server " + entry.id()));
        }
        String key = target.get();
        CompletableFuture<ProbeResult> running;
        synchronized (this) {
            ProbeResult known = cache.get(key);
            if (known != null && isFresh(known)) {
                return CompletableFuture.completedFuture(known.forEntry(entry));
            }
            running = inFlight.get(key);
            if (running == null) {
                running = new CompletableFuture<>();
                inFlight.put(key, running);
                start(key, entry, running);
            }
        }
        return running.thenApply(result -> result.forEntry(entry));
    }

    /** {@link #probe} for each entry, keyed by server id in list order. */
    public Map<Integer, CompletableFuture<ProbeResult>> probeAll(List<ServerEntry> entries) {
        Map<Integer, CompletableFuture<ProbeResult>> futures = new LinkedHashMap<>();
        for (ServerEntry entry : entries) {
            futures.put(entry.id(), probe(entry));
        }
        return futures;
    }

    /** Stops the workers; running probes are interrupted, later calls fail. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    private void start(String key, ServerEntry entry, CompletableFuture<ProbeResult> future) {
        try {
            workers.execute(() -> {
                ProbeResult result;
                try {
                    result = prober.probe(entry);
                } catch (RuntimeException e) {
                    LOG.warn("probing server {} ({}) failed", entry.id(), key, e);
                    finish(key, null);
                    future.completeExceptionally(e);
                    return;
                }
                finish(key, result);
                future.complete(result);
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key);
            future.completeExceptionally(e);
        }
    }

    private synchronized void finish(String key, ProbeResult result) {
        inFlight.remove(key);
        if (result != null) {
            cache.put(key, result);
        }
        // Game servers no longer listed (a changed mapIp) are forgotten after a while.
        Instant forgetBefore = clock.instant().minus(FORGET_AFTER);
        cache.values().removeIf(old -> old.observedAt().isBefore(forgetBefore));
    }

    private static Instant freshUntil(ProbeResult result) {
        boolean backOff = result.reason() != null && result.reason().backOff();
        return result.observedAt().plus(backOff ? BACK_OFF : FRESH_FOR);
    }
}
