package livemapbot.status;

import livemapbot.cad.ServerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The status watch ({@code status.intervalSeconds}): every interval, probes every server and tells a
 * {@link Listener} when a server's verdict changed (online → unreachable, sonorancad stopped or
 * started, …). A change is told only once two consecutive observations agree on the new verdict, so
 * one lost packet does not post "down" and "up" again; it is dated by the first of the two.
 *
 * <p>The first observation of a server is its baseline (nothing is told at start-up). Servers that
 * are not probed (no address, probing off, refused address) are forgotten until they are probed again.
 * Only distinct observations count: a result answered from the cache twice is one observation.
 */
public final class StatusWatch implements AutoCloseable {
    /** How long one round waits for all its probes (each is bounded by the probe's own timeouts). */
    static final Duration ROUND_LIMIT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(StatusWatch.class);

    /** Told about confirmed changes; the Discord side posts them to the announcement channel. */
    @FunctionalInterface
    public interface Listener {
        void verdictChanged(VerdictChange change);
    }

    /**
     * A confirmed change of one server's verdict.
     *
     * @param server    the CAD entry as it was listed in the round that confirmed the change
     * @param before    the last confirmed observation with the old verdict
     * @param after     the observation that confirmed the new verdict
     * @param changedAt when the new verdict was first observed
     */
    public record VerdictChange(ServerEntry server, ProbeResult before, ProbeResult after, Instant changedAt) {
        /** e.g. "Online → Unreachable from the bot (connection refused)". */
        public String describe() {
            return before.summary() + " → " + after.summary();
        }
    }

    /** Per server: the confirmed observation, a newer one that disagrees with it, and the last seen. */
    private static final class Track {
        ProbeResult confirmed;
        ProbeResult pending;
        Instant lastSeen;
    }

    private final StatusProbes probes;
    private final Supplier<List<ServerEntry>> servers;
    private final Listener listener;
    private final Map<Integer, Track> tracks = new HashMap<>();
    /** Guards {@link #scheduler}; separate from the round's lock so close() never waits for a round. */
    private final Object lifecycle = new Object();
    private ScheduledExecutorService scheduler;
    /** The rounds on a shared scheduler ({@link #start(Duration, Duration, ScheduledExecutorService)}). */
    private java.util.concurrent.ScheduledFuture<?> sharedRounds;

    /**
     * @param probes   the shared, cached probes
     * @param servers  the current server list (e.g. from the server directory's cache); may throw
     * @param listener told about each confirmed change
     */
    public StatusWatch(StatusProbes probes, Supplier<List<ServerEntry>> servers, Listener listener) {
        this.probes = Objects.requireNonNull(probes, "probes");
        this.servers = Objects.requireNonNull(servers, "servers");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Runs {@link #observeOnce()} every {@code interval} (at least a minute) on its own daemon thread. */
    public void start(Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(60)) < 0) {
            throw new IllegalArgumentException("the status watch interval is at least 60 s, was " + interval);
        }
        synchronized (lifecycle) {
            if (scheduler != null) {
                throw new IllegalStateException("already started");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "status-watch");
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            scheduler.scheduleWithFixedDelay(this::observeQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs {@link #observeOnce()} every {@code interval} (at least a minute) on {@code shared}, a
     * scheduler many watches share (multi-community mode: one watch per guild, not one thread each),
     * the first round after {@code firstDelay}. {@link #close} cancels this watch only.
     */
    public void start(Duration interval, Duration firstDelay, ScheduledExecutorService shared) {
        if (interval.compareTo(Duration.ofSeconds(60)) < 0) {
            throw new IllegalArgumentException("the status watch interval is at least 60 s, was " + interval);
        }
        synchronized (lifecycle) {
            if (scheduler != null || sharedRounds != null) {
                throw new IllegalStateException("already started");
            }
            sharedRounds = shared.scheduleWithFixedDelay(this::observeQuietly, firstDelay.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the schedule at once; a round under way is interrupted. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (sharedRounds != null) {
                sharedRounds.cancel(true);
            }
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }

    /**
     * One round: probes every listed server, waits for the results and tells the listener about each
     * confirmed change. Blocks (for as long as the probes take); returns the changes it told.
     */
    public synchronized List<VerdictChange> observeOnce() {
        List<ServerEntry> listed;
        try {
            listed = List.copyOf(servers.get());
        } catch (RuntimeException e) {
            LOG.info("status watch: the server list could not be read ({}); skipping this round", e.toString());
            return List.of();
        }
        Map<Integer, CompletableFuture<ProbeResult>> futures = probes.probeAll(listed);
        Set<Integer> present = new HashSet<>();
        List<VerdictChange> changes = new ArrayList<>();
        for (ServerEntry server : listed) {
            present.add(server.id());
            ProbeResult result = await(server, futures.get(server.id()));
            if (result == null) {
                continue;
            }
            if (result.verdict() == ProbeVerdict.NOT_PROBED) {
                tracks.remove(server.id());
                continue;
            }
            VerdictChange change = observe(server, result);
            if (change != null) {
                changes.add(change);
            }
        }
        tracks.keySet().retainAll(present);
        for (VerdictChange change : changes) {
            try {
                listener.verdictChanged(change);
            } catch (RuntimeException e) {
                LOG.warn("status watch: the listener failed for server {}", change.server().id(), e);
            }
        }
        return changes;
    }

    private VerdictChange observe(ServerEntry server, ProbeResult result) {
        Track track = tracks.computeIfAbsent(server.id(), id -> new Track());
        if (result.observedAt().equals(track.lastSeen)) {
            return null; // the same observation again, from the cache
        }
        track.lastSeen = result.observedAt();
        if (track.confirmed == null || track.confirmed.verdict() == result.verdict()) {
            track.confirmed = result;
            track.pending = null;
            return null;
        }
        if (track.pending == null || track.pending.verdict() != result.verdict()) {
            track.pending = result;
            return null;
        }
        VerdictChange change = new VerdictChange(server, track.confirmed, result, track.pending.observedAt());
        track.confirmed = result;
        track.pending = null;
        return change;
    }

    private static ProbeResult await(ServerEntry server, CompletableFuture<ProbeResult> future) {
        try {
            return future.get(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("status watch: no result for server {} this round ({})", server.id(), e.toString());
            return null;
        }
    }

    private void observeQuietly() {
        try {
            observeOnce();
        } catch (RuntimeException e) {
            LOG.warn("status watch round failed", e);
        }
    }
}
