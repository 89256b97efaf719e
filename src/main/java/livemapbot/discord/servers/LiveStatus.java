package livemapbot.discord.servers;

import livemapbot.cad.ServerEntry;
import livemapbot.status.ProbeResult;
import livemapbot.status.StatusProbes;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The live status for {@code /servers}, JDA-free: starts (or joins) the probes of the servers an
 * answer shows and says, at any moment, what is known. A probe never delays an acknowledgement: a
 * {@link Round} is started without blocking, {@link Round#now()} answers at once, and the caller
 * edits its message when {@link Round#whenDone()} or {@link Round#withinBudget()} completes.
 */
public final class LiveStatus {
    /** How long the first answer after a CAD read may wait for probes (README "Live status"). */
    public static final Duration FIRST_ANSWER_BUDGET = Duration.ofSeconds(2);

    private final StatusProbes probes;
    private final Clock clock;
    private final Duration budget;

    /** @param probes the shared, cached probes; null when probing is off */
    public LiveStatus(StatusProbes probes, Clock clock, Duration budget) {
        this.probes = probes;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Probing off: every round is empty and complete, and the cards carry no status. */
    public static LiveStatus off(Clock clock) {
        return new LiveStatus(null, clock, Duration.ZERO);
    }

    public boolean enabled() {
        return probes != null;
    }

    /** Starts the probes of {@code servers} (answered from the cache when fresh); never blocks. */
    public Round start(List<ServerEntry> servers) {
        if (probes == null) {
            return new Round(Map.of(), Map.of());
        }
        Map<Integer, ProbeResult> cached = new LinkedHashMap<>();
        for (ServerEntry server : servers) {
            probes.cached(server).ifPresent(result -> cached.put(server.id(), result));
        }
        return new Round(cached, probes.probeAll(servers));
    }

    /** The probes of one answer. */
    public final class Round {
        private final Map<Integer, ProbeResult> cached;
        private final Map<Integer, CompletableFuture<ProbeResult>> futures;
        private final CompletableFuture<Void> all;

        private Round(Map<Integer, ProbeResult> cached, Map<Integer, CompletableFuture<ProbeResult>> futures) {
            this.cached = cached;
            this.futures = futures;
            // A probe that failed (a bug, a shutdown) counts as finished: its card says so.
            this.all = CompletableFuture.allOf(futures.values().stream()
                    .map(f -> f.handle((result, error) -> null))
                    .toArray(CompletableFuture[]::new));
        }

        /** What is known right now: each finished probe's result, else the cached one. */
        public ServerStatuses now() {
            if (probes == null) {
                return ServerStatuses.NONE;
            }
            Map<Integer, ProbeResult> known = new LinkedHashMap<>(cached);
            Set<Integer> pending = new HashSet<>();
            futures.forEach((id, future) -> {
                if (!future.isDone()) {
                    pending.add(id);
                } else if (!future.isCompletedExceptionally()) {
                    known.put(id, future.join());
                } else {
                    known.remove(id);
                }
            });
            return new ServerStatuses(true, known, pending, clock.instant());
        }

        /** Every probe finished (or failed); never completes exceptionally. */
        public CompletableFuture<ServerStatuses> whenDone() {
            return all.thenApply(done -> now());
        }

        /**
         * {@link #whenDone()}, or what is known once the first-answer budget has passed, whichever
         * is first; {@link ServerStatuses#complete()} tells which.
         */
        public CompletableFuture<ServerStatuses> withinBudget() {
            if (all.isDone() || budget.isZero()) {
                return CompletableFuture.completedFuture(now());
            }
            return all.copy()
                    .completeOnTimeout(null, budget.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(done -> now());
        }
    }
}
