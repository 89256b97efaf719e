package livemapbot.history;

import livemapbot.cad.CadException;
import livemapbot.cad.ServerList;
import livemapbot.history.DriftClassifier.Classification;
import livemapbot.history.KnownListStore.Known;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Notices changes to the CAD's server list that the bot did not make (issue 10's drift watch).
 *
 * <p>Every {@code interval} it takes the list, compares it with the last list it knows (from a
 * {@link KnownListStore}, so a restart does not forget it) and, for any difference, stores the new
 * list and hands one {@link DriftDetection} to the {@link DriftListener}.
 * <ul>
 *   <li><b>Budget.</b> The list comes from {@code read}, which shares the directory's cache and
 *       single-flight read with the commands. When a command read the list since the last check and
 *       less than an interval ago ({@code lastRead}), that list is compared and Sonoran is not
 *       called at all. Never more often than once a minute, whatever the interval; on a rate-limit
 *       failure the wait doubles (at least the server's Retry-After) up to 30 minutes, and goes back
 *       to the interval after the next successful read.</li>
 *   <li><b>Once.</b> A detection is reported only after the store's compare-and-set from the known
 *       version succeeded: of two processes that notice the same change, one reports it. (The
 *       listener failing afterwards loses that report rather than repeating it.)</li>
 *   <li><b>Not the bot's own writes.</b> {@link #noteOwnWrite} makes the written list the known
 *       one. While a write announced with {@link #beginOwnWrite} is under way, checks are skipped,
 *       and a list read before the last noted write is not compared (it would look like a revert).</li>
 * </ul>
 * Checks run one at a time on the {@link Scheduler}; each schedules the next when it is done.
 */
public final class DriftWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

    /** Never check more often than this, whatever the configuration says. */
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    /** The longest wait after repeated rate-limit failures. */
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    private final String community;
    private final Duration interval;
    private final Supplier<CompletableFuture<ServerList>> read;
    private final Supplier<ServerList> lastRead;
    private final KnownListStore store;
    private final DriftListener listener;
    private final Clock clock;
    private final Scheduler scheduler;

    /** Guards the compare-and-store of a check against {@link #noteOwnWrite}, and the fields below. */
    private final Object lock = new Object();
    private int ownWritesUnderWay;
    /** The newest {@code readAt} compared or written by the bot; null before the first check. */
    private Instant lastCheck;
    private Duration nextDelay;
    private Scheduler.Scheduled pending;
    private boolean started;
    private boolean closed;

    /**
     * @param community the Sonoran community (the key of the known list)
     * @param interval  {@code drift.intervalSeconds}; zero = off ({@link #start} does nothing); a
     *                  positive value below {@link #MIN_INTERVAL} is raised to it
     * @param read      the list, through the directory's cache and shared read
     *                  (e.g. {@code () -> directory.serversAsync(worker)}); may fail with a {@link CadException}
     * @param lastRead  the list a command read last, however old, or null; never calls Sonoran
     *                  (e.g. {@code directory::cachedOrNull})
     */
    public DriftWatch(String community, Duration interval, Supplier<CompletableFuture<ServerList>> read,
                      Supplier<ServerList> lastRead, KnownListStore store, DriftListener listener, Clock clock,
                      Scheduler scheduler) {
        this.community = Objects.requireNonNull(community, "community");
        this.interval = interval.isZero() || interval.isNegative() ? Duration.ZERO
                : interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval;
        this.read = Objects.requireNonNull(read, "read");
        this.lastRead = Objects.requireNonNull(lastRead, "lastRead");
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nextDelay = this.interval;
    }

    /** The interval in force (zero = off). */
    public Duration interval() {
        return interval;
    }

    /** Schedules the first check one interval from now; does nothing when off, started or closed. */
    public void start() {
        synchronized (lock) {
            if (interval.isZero() || started || closed) {
                return;
            }
            started = true;
            pending = scheduler.schedule(this::check, interval);
        }
        LOG.info("drift watch on: the CAD is checked for outside changes every {} s", interval.toSeconds());
    }

    /** Stops checking; a check under way finishes but schedules nothing. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        }
    }

    /** How long the watch waits before its next check (the interval, or longer while backing off). */
    public Duration nextDelay() {
        synchronized (lock) {
            return nextDelay;
        }
    }

    /**
     * A write by the bot is about to start: checks are skipped until it is {@link OwnWrite#written
     * noted} or {@link OwnWrite#close closed}. Use in try-with-resources around the write.
     */
    public OwnWrite beginOwnWrite() {
        synchronized (lock) {
            ownWritesUnderWay++;
        }
        return new OwnWrite();
    }

    /** A write of the bot's, announced by {@link #beginOwnWrite}. */
    public final class OwnWrite implements AutoCloseable {
        private boolean ended;

        private OwnWrite() {
        }

        /** The write succeeded and the CAD now holds {@code listAfterWrite}. */
        public void written(ServerList listAfterWrite) {
            noteOwnWrite(community, listAfterWrite);
            close();
        }

        /** The write ended (failed, or already noted); checks resume. */
        @Override
        public void close() {
            synchronized (lock) {
                if (!ended) {
                    ended = true;
                    ownWritesUnderWay--;
                }
            }
        }
    }

    /**
     * The bot wrote {@code listAfterWrite} (a change or a rollback): it becomes the known list, so
     * no check reports it. Call it in the same step as recording the write's revision.
     */
    public void noteOwnWrite(String community, ServerList listAfterWrite) {
        synchronized (lock) {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    long version = store.load(community).map(Known::version).orElse(KnownListStore.NONE);
                    if (store.compareAndSet(community, version, listAfterWrite)) {
                        if (lastCheck == null || listAfterWrite.readAt().isAfter(lastCheck)) {
                            lastCheck = listAfterWrite.readAt();
                        }
                        return;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("could not store the list the bot wrote as the known list: {}", e.toString());
                    return;
                }
            }
            LOG.warn("could not store the list the bot wrote as the known list: the store kept changing");
        }
    }

    /** One check; runs on the scheduler and schedules the next when done. */
    void check() {
        synchronized (lock) {
            pending = null;
            if (closed) {
                return;
            }
            if (ownWritesUnderWay > 0) {
                LOG.debug("drift check skipped: a write of the bot's is under way");
                scheduleNext(interval);
                return;
            }
        }
        ServerList recent = lastRead.get();
        if (recent != null && isUnseen(recent)
                && Duration.between(recent.readAt(), clock.instant()).compareTo(interval) < 0) {
            compareSafely(recent);
            scheduleNext(interval);
            return;
        }
        CompletableFuture<ServerList> future;
        try {
            future = read.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        // Back onto the scheduler: the read completes on a worker, which should not do store calls.
        future.whenComplete((list, failure) -> scheduler.schedule(() -> afterRead(list, failure), Duration.ZERO));
    }

    private boolean isUnseen(ServerList list) {
        synchronized (lock) {
            return lastCheck == null || list.readAt().isAfter(lastCheck);
        }
    }

    private void afterRead(ServerList list, Throwable failure) {
        if (failure == null) {
            compareSafely(list);
            scheduleNext(interval);
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof CadException cad && cad.kind() == CadException.Kind.RATE_LIMITED) {
            Duration backoff;
            synchronized (lock) {
                backoff = nextDelay.multipliedBy(2);
                Optional<Duration> retryAfter = cad.retryAfter();
                if (retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0) {
                    backoff = retryAfter.get();
                }
                if (backoff.compareTo(MAX_BACKOFF) > 0) {
                    backoff = MAX_BACKOFF;
                }
                if (backoff.compareTo(interval) < 0) {
                    backoff = interval;
                }
            }
            LOG.warn("drift check: Sonoran's rate limit was hit; next check in {} s", backoff.toSeconds());
            scheduleNext(backoff);
            return;
        }
        LOG.warn("drift check: could not read the server list ({}); next check in {} s",
                cause instanceof CadException cad ? cad.getMessage() : cause.toString(), interval.toSeconds());
        scheduleNext(interval);
    }

    private void scheduleNext(Duration delay) {
        synchronized (lock) {
            nextDelay = delay;
            if (!closed) {
                pending = scheduler.schedule(this::check, delay);
            }
        }
    }

    private void compareSafely(ServerList list) {
        Optional<DriftDetection> detection;
        try {
            detection = compare(list);
        } catch (RuntimeException e) {
            LOG.warn("drift check: the last known list could not be read or stored ({}); trying again later",
                    e.toString());
            return;
        }
        detection.ifPresent(d -> {
            LOG.info("outside change noticed: {} ({})", d.diff(), d.classification().kind());
            try {
                listener.onDrift(d);
            } catch (RuntimeException e) {
                LOG.error("drift listener failed for an outside change noticed at {}", d.noticedAt(), e);
            }
        });
    }

    /** Compares {@code list} with the known list and stores it; the detection if it differed and this process won. */
    private Optional<DriftDetection> compare(ServerList list) {
        synchronized (lock) {
            if (ownWritesUnderWay > 0) {
                return Optional.empty();
            }
            Optional<Known> known = store.load(community);
            if (known.isEmpty()) {
                // Nothing to compare with yet: this list is the baseline.
                store.compareAndSet(community, KnownListStore.NONE, list);
                advanceLastCheck(list.readAt());
                return Optional.empty();
            }
            ServerList before = known.get().list();
            if (list.readAt().isBefore(before.readAt())) {
                // Read before the known list was stored (a write of the bot's, or another process):
                // comparing would report the newer list being undone.
                return Optional.empty();
            }
            Instant windowStart = lastCheck == null || lastCheck.isBefore(before.readAt()) ? before.readAt() : lastCheck;
            advanceLastCheck(list.readAt());
            ListDiff diff = ListDiff.between(before.servers(), list.servers());
            Optional<Classification> classification = DriftClassifier.classify(diff);
            if (classification.isEmpty()) {
                return Optional.empty();
            }
            if (!store.compareAndSet(community, known.get().version(), list)) {
                // Another process (or a write of the bot's) stored a list first; it reports this one.
                return Optional.empty();
            }
            return Optional.of(new DriftDetection(community, before, list, diff, classification.get(),
                    windowStart, list.readAt()));
        }
    }

    private void advanceLastCheck(Instant at) {
        if (lastCheck == null || at.isAfter(lastCheck)) {
            lastCheck = at;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
