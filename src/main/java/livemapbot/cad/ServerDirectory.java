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

    private final CadClient client;
    private final Duration cacheFor;
    private final CallPacer pacer;
    private final Clock clock;

    /** Serializes read-modify-write cycles. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** Held for the duration of each Sonoran call: one call in flight at a time. */
    private final ReentrantLock callGate = new ReentrantLock(true);

    private final Object readMonitor = new Object();
    private volatile ServerList cached;
    /** The read under way, shared by everyone who asks meanwhile; guarded by readMonitor. */
    private CompletableFuture<ServerList> inFlight;

    public ServerDirectory(CadClient client, Duration cacheFor, CallPacer pacer, Clock clock) {
        this.client = client;
        this.cacheFor = cacheFor;
        this.pacer = pacer;
        this.clock = clock;
    }

    /** The server list, from cache when it is younger than {@code cacheFor}; blocks. */
    public ServerList servers() throws CadException {
        return await(serversAsync(Runnable::run));
    }

    /**
     * The server list without blocking: a completed future when the cache is fresh, else the read
     * under way, else a new read started on {@code executor}. Everyone who asks while a read is
     * under way shares it, so a burst of commands costs one read and occupies one thread, however
     * slow Sonoran is. Fails with {@link CadException}, or {@link java.util.concurrent.RejectedExecutionException}
     * when {@code executor} refuses the read.
     */
    public CompletableFuture<ServerList> serversAsync(Executor executor) {
        ServerList current = cached;
        if (isFresh(current)) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<ServerList> read;
        synchronized (readMonitor) {
            current = cached;
            if (isFresh(current)) {
                return CompletableFuture.completedFuture(current);
            }
            if (inFlight != null) {
                return inFlight;
            }
            read = new CompletableFuture<>();
            inFlight = read;
        }
        try {
            executor.execute(() -> {
                try {
                    read.complete(readFresh());
                } catch (CadException | RuntimeException e) {
                    read.completeExceptionally(e);
                } finally {
                    endRead(read);
                }
            });
        } catch (RejectedExecutionException e) {
            endRead(read);
            read.completeExceptionally(e);
        }
        return read;
    }

    private void endRead(CompletableFuture<ServerList> read) {
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
            List<ServerEntry> written = new ArrayList<>(fresh.servers().size());
            for (ServerEntry s : fresh.servers()) {
                written.add(s.id() == serverId ? after : s);
            }
            call(CadOperation.REPLACE_SERVERS, () -> {
                client.replaceServers(written, deploy);
                return null;
            });
            Instant at = clock.instant();
            cached = new ServerList(written, at);
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
            call(CadOperation.REPLACE_SERVERS, () -> {
                client.replaceServers(fresh.servers(), true);
                return null;
            });
            ServerList written = new ServerList(fresh.servers(), clock.instant());
            cached = written;
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
        List<ServerEntry> servers = call(CadOperation.LIST_SERVERS, client::listServers);
        ServerList list = new ServerList(servers, clock.instant());
        cached = list;
        return list;
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
            return read.get();
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
            throw new IllegalStateException(cause);
        }
    }

    @FunctionalInterface
    private interface CadCall<T> {
        T run() throws CadException;
    }
}
