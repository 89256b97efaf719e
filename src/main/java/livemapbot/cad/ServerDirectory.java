package livemapbot.cad;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place the bot reads and changes CAD servers.
 *
 * <ul>
 *   <li>{@link #servers()} reuses a read for {@code cacheFor}; callers that arrive while a read is
 *       under way wait for that read instead of starting their own (single flight).</li>
 *   <li>{@link #update} and {@link #deploy} are read-modify-write of the whole list (set_servers
 *       replaces everything), serialized with each other so two edits cannot lose one another, and
 *       always start from a fresh read so a change made in the CAD meanwhile is noticed.</li>
 *   <li>At most one Sonoran call is in flight at a time, and calls are paced by {@link CallPacer}.</li>
 * </ul>
 * Every method blocks; call it off JDA's event thread.
 */
public final class ServerDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ServerDirectory.class);
    /** Longest a blocking caller waits for a shared read: three paced, retried calls and then some. */
    private static final Duration AWAIT_LIMIT = Duration.ofMinutes(3);

    private final CadClient client;
    private final Duration cacheFor;
    private final CallPacer pacer;
    private final Clock clock;

    /** Serializes read-modify-write cycles. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** Held for the duration of each Sonoran call: one call in flight at a time. */
    private final ReentrantLock callGate = new ReentrantLock(true);

    private final Object readMonitor = new Object();
    /** Written only while holding the call gate, so a slower read can never overwrite a newer list. */
    private volatile ServerList cached;
    /** The read queued or under way, shared by everyone who asks meanwhile; guarded by readMonitor. */
    private PendingRead inFlight;

    public ServerDirectory(CadClient client, Duration cacheFor, CallPacer pacer, Clock clock) {
        this.client = client;
        this.cacheFor = cacheFor;
        this.pacer = pacer;
        this.clock = clock;
    }

    /**
     * The server list, from cache when it is younger than {@code cacheFor}; blocks. A shared read
     * that is still waiting in a queue is run right here instead of waited for: a worker blocking
     * on a read queued behind it would otherwise wait forever once every worker does the same.
     */
    public ServerList servers() throws CadException {
        ServerList current = cached;
        if (isFresh(current)) {
            return current;
        }
        PendingRead read = pendingRead(Runnable::run);
        read.run();
        return await(read.result);
    }

    /**
     * The server list without blocking: a completed future when the cache is fresh, else the read
     * under way, else a new read started on {@code executor}. Everyone who asks while a read is
     * under way shares it, so a burst of commands costs one read and occupies one thread, however
     * slow Sonoran is. Fails with {@link CadException}, or {@link RejectedExecutionException}
     * when {@code executor} refuses the read.
     */
    public CompletableFuture<ServerList> serversAsync(Executor executor) {
        ServerList current = cached;
        if (isFresh(current)) {
            return CompletableFuture.completedFuture(current);
        }
        return pendingRead(executor).result;
    }

    /** The read under way or queued; else a new one handed to {@code executor}. */
    private PendingRead pendingRead(Executor executor) {
        PendingRead read;
        synchronized (readMonitor) {
            ServerList current = cached;
            if (isFresh(current)) {
                PendingRead done = new PendingRead();
                done.started.set(true);
                done.result.complete(current);
                return done;
            }
            if (inFlight != null) {
                return inFlight;
            }
            read = new PendingRead();
            inFlight = read;
        }
        try {
            executor.execute(read);
        } catch (RejectedExecutionException e) {
            read.abandon(e);
        }
        return read;
    }

    /**
     * One shared read of the server list. Runs once, on whichever thread gets there first: the
     * executor it was queued on, or a blocking caller that would otherwise wait for it.
     */
    private final class PendingRead implements Runnable, Abandonable {
        final CompletableFuture<ServerList> result = new CompletableFuture<>();
        final AtomicBoolean started = new AtomicBoolean();

        @Override
        public void run() {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(readFresh());
            } catch (Throwable e) {
                // Every throwable, so that no waiter is left waiting for a read that died.
                result.completeExceptionally(e);
                if (e instanceof Error error) {
                    throw error;
                }
            } finally {
                endRead(this);
            }
        }

        /** Dropped from a queue (a full pool, a shutdown): fail the waiters instead of leaving them. */
        @Override
        public void abandon() {
            abandon(new CadException(CadException.Kind.UNAVAILABLE, "The bot is restarting; try again in a minute.",
                    "the server list read was dropped before it ran"));
        }

        void abandon(Throwable why) {
            if (started.compareAndSet(false, true)) {
                endRead(this);
                result.completeExceptionally(why);
            }
        }
    }

    private void endRead(PendingRead read) {
        synchronized (readMonitor) {
            if (inFlight == read) {
                inFlight = null;
            }
        }
    }

    /** The cached list when it is younger than {@code cacheFor}, else null; never calls Sonoran. */
    public ServerList freshOrNull() {
        ServerList current = cached;
        return isFresh(current) ? current : null;
    }

    /** The cached list if there is one, however old; never calls Sonoran (autocomplete). */
    public ServerList cachedOrNull() {
        return cached;
    }

    /**
     * Changes one server. Reads the list fresh; if server {@code serverId} no longer equals
     * {@code seenBefore} (when given) nothing is written and a {@link ConflictException} says what
     * changed. Otherwise writes the whole list back with that one entry changed.
     *
     * @param seenBefore the server as the user saw it in the preview; null skips the check
     * @throws ConflictException when the server changed since {@code seenBefore}
     * @throws CadException      {@link CadException.Kind#UNKNOWN_SERVER} for an unknown id, or any API failure
     */
    public UpdateResult update(int serverId, MapChanges changes, ServerEntry seenBefore, boolean deploy)
            throws CadException {
        writeLock.lock();
        try {
            ServerList fresh = readFresh();
            ServerEntry current = fresh.find(serverId).orElseThrow(() -> unknownServer(serverId));
            if (seenBefore != null && !current.equals(seenBefore)) {
                throw new ConflictException(seenBefore, current);
            }
            ServerEntry after = changes.applyTo(current);
            if (after.equals(current) && !deploy) {
                return new UpdateResult(current, after, false, fresh.readAt());
            }
            // Only the entry the preview showed (the first with that id): a duplicate id, which the
            // CAD should not have, must not be overwritten with a copy of another entry.
            List<ServerEntry> written = new ArrayList<>(fresh.servers());
            written.set(fresh.servers().indexOf(current), after);
            Instant at = write(written, deploy).readAt();
            LOG.info("server {} updated ({} field(s)), deployMap={}", serverId, current.differencesTo(after).size(), deploy);
            return new UpdateResult(current, after, deploy, at);
        } finally {
            writeLock.unlock();
        }
    }

    /** Redeploys the Live Map: a fresh read, then the same list written back with deployMap. */
    public ServerList deploy() throws CadException {
        writeLock.lock();
        try {
            ServerList fresh = readFresh();
            if (fresh.servers().isEmpty()) {
                // An empty answer is more likely a glitch than a community without servers; writing
                // it back would delete every server in the CAD.
                throw new CadException(CadException.Kind.UNEXPECTED_RESPONSE,
                        "Sonoran returned no servers, so the bot did not deploy (that would write an empty list). "
                                + "Check /servers and the CAD, then try again.",
                        "refusing to deploy an empty server list");
            }
            ServerList written = write(fresh.servers(), true);
            LOG.info("live map deployed ({} servers)", written.servers().size());
            return written;
        } finally {
            writeLock.unlock();
        }
    }

    /** The community's plan; not cached (used by {@code check}). */
    public CadPlan plan() throws CadException {
        return call(CadOperation.GET_VERSION, client::plan);
    }

    private ServerList readFresh() throws CadException {
        return call(CadOperation.LIST_SERVERS, () -> {
            ServerList list = new ServerList(client.listServers(), clock.instant());
            cached = list;
            return list;
        });
    }

    /**
     * Writes the whole list. On success the cache holds what was written; on failure it is
     * dropped, because the write may or may not have been applied and the list read before it can
     * no longer be shown as current.
     */
    private ServerList write(List<ServerEntry> servers, boolean deployMap) throws CadException {
        return call(CadOperation.REPLACE_SERVERS, () -> {
            try {
                client.replaceServers(servers, deployMap);
            } catch (CadException | RuntimeException e) {
                cached = null;
                throw e;
            }
            ServerList written = new ServerList(servers, clock.instant());
            cached = written;
            return written;
        });
    }

    private boolean isFresh(ServerList list) {
        return list != null && Duration.between(list.readAt(), clock.instant()).compareTo(cacheFor) < 0;
    }

    private <T> T call(CadOperation operation, CadCall<T> call) throws CadException {
        try {
            callGate.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CadException(CadException.Kind.UNAVAILABLE, "The bot is shutting down; try again later.",
                    "interrupted while waiting to call " + operation, null, e);
        }
        try {
            pacer.acquire(operation);
            return call.run();
        } finally {
            callGate.unlock();
        }
    }

    private static CadException unknownServer(int serverId) {
        return new CadException(CadException.Kind.UNKNOWN_SERVER,
                "There is no server #" + serverId + " in the CAD. Pick one from the list (/servers).",
                "unknown server id " + serverId);
    }

    private static ServerList await(CompletableFuture<ServerList> read) throws CadException {
        try {
            // The read is running on some thread (servers() runs it itself if it was still queued),
            // and every Sonoran call is bounded; the timeout is a last guard, not a control path.
            return read.get(AWAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CadException(CadException.Kind.UNAVAILABLE, "Sonoran CAD is not answering; try again in a minute.",
                    "gave up waiting " + AWAIT_LIMIT.toSeconds() + " s for the shared server list read", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CadException(CadException.Kind.UNAVAILABLE, "The bot is shutting down; try again later.",
                    "interrupted while waiting for the server list", null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CadException cad) {
                throw cad;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @FunctionalInterface
    private interface CadCall<T> {
        T run() throws CadException;
    }
}
