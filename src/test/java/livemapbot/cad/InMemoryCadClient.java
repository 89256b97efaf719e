package livemapbot.cad;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A CAD that lives in memory, for directory and handler tests: counts calls, records writes,
 * can hold a read until released and can fail the next call. Each call is one HTTP attempt as far
 * as the {@link CallGuard} is concerned (paced, gated, timed), like a real client's.
 */
public final class InMemoryCadClient implements CadClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded set_servers. */
    public record Write(List<ServerEntry> servers, boolean deployMap) {
    }

    private volatile List<ServerEntry> servers;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final Hold readHold = new Hold("read");
    private volatile CadException nextFailure;
    private volatile CadException nextWriteFailure;
    private volatile boolean timeOutNext;
    private final Hold writeHold = new Hold("write");

    public InMemoryCadClient(List<ServerEntry> servers) {
        this.servers = List.copyOf(servers);
    }

    /** Three servers with unknown fields, parsed from JSON like Sonoran serves them. */
    public static List<ServerEntry> demoServers() {
        try {
            String json = """
                    [{"id":1,"name":"Main","description":"d1","signal":null,"mapUrl":"","mapIp":"1.2.3.4",
                      "mapPort":"30121","differingOutbound":false,"outboundIp":"","listenerPort":"30120",
                      "enableMap":true,"mapType":"POSTAL","isStatic":false,"extra":{"nested":[1,2]}},
                     {"id":2,"name":"Second","enableMap":false,"mapType":"NORMAL","listenerPort":30125,"zeta":"z"},
                     {"id":3,"name":"Third","enableMap":true,"mapType":"CUSTOM TYPE","mapIp":"5.6.7.8"}]""";
            List<ServerEntry> list = new ArrayList<>();
            JSON.readTree(json).forEach(n -> list.add(ServerEntry.fromJson(n)));
            return list;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes every following read wait until {@link #releaseReads()}. */
    public void holdReads() {
        readHold.hold();
    }

    public void releaseReads() {
        readHold.release();
    }

    public boolean awaitReadStarted() throws InterruptedException {
        return readHold.awaitStarted();
    }

    public void failNext(CadException failure) {
        nextFailure = failure;
    }

    /** The next call (read or write) gets no answer in time: the guard hears TIMED_OUT. */
    public void timeOutNext() {
        timeOutNext = true;
    }

    /** Makes every following write wait until {@link #releaseWrites()}: a write held open. */
    public void holdWrites() {
        writeHold.hold();
    }

    public void releaseWrites() {
        writeHold.release();
    }

    public boolean awaitWriteStarted() throws InterruptedException {
        return writeHold.awaitStarted();
    }

    /** Replaces the server with {@code changed}'s id "behind the bot's back". */
    public void replace(ServerEntry changed) {
        change(changed.id(), json -> changed.toJson());
    }

    /** The next write fails (reads are unaffected). */
    public void failNextWrite(CadException failure) {
        nextWriteFailure = failure;
    }

    /** Changes one server "behind the bot's back". */
    public void change(int id, UnaryOperator<ObjectNode> edit) {
        List<ServerEntry> copy = new ArrayList<>();
        for (ServerEntry s : servers) {
            copy.add(s.id() == id ? ServerEntry.fromJson(edit.apply(s.toJson())) : s);
        }
        servers = List.copyOf(copy);
    }

    /** Removes one server "behind the bot's back". */
    public void remove(int id) {
        servers = servers.stream().filter(s -> s.id() != id).toList();
    }

    public List<ServerEntry> current() {
        return servers;
    }

    public int reads() {
        return reads.get();
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    public int maxConcurrentCalls() {
        return maxConcurrent.get();
    }

    @Override
    public List<ServerEntry> listServers() throws CadException {
        CallGuard guard = CallGuard.current();
        guard.beginAttempt(CadOperation.LIST_SERVERS);
        CallGuard.Result result = CallGuard.Result.ANSWERED;
        enter();
        try {
            reads.incrementAndGet();
            readHold.passThrough();
            if (timeOutNext) {
                timeOutNext = false;
                result = CallGuard.Result.TIMED_OUT;
                throw new TimedOut(CadOperation.LIST_SERVERS);
            }
            failIfAsked();
            return servers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            concurrent.decrementAndGet();
            guard.endAttempt(result, false);
        }
    }

    @Override
    public void replaceServers(List<ServerEntry> list, boolean deployMap) throws CadException {
        CallGuard guard = CallGuard.current();
        guard.beginAttempt(CadOperation.REPLACE_SERVERS);
        CallGuard.Result result = CallGuard.Result.ANSWERED;
        enter();
        try {
            writeHold.passThrough();
            if (timeOutNext) {
                timeOutNext = false;
                result = CallGuard.Result.TIMED_OUT;
                throw new TimedOut(CadOperation.REPLACE_SERVERS);
            }
            failIfAsked();
            CadException writeFailure = nextWriteFailure;
            if (writeFailure != null) {
                nextWriteFailure = null;
                throw writeFailure;
            }
            writes.add(new Write(List.copyOf(list), deployMap));
            servers = List.copyOf(list);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            concurrent.decrementAndGet();
            guard.endAttempt(result, false);
        }
    }

    @Override
    public CadPlan plan() {
        return CadPlan.ofLevel(3);
    }

    private void enter() {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
    }

    /** What the transport throws when an attempt gets no answer in time. */
    private static final class TimedOut extends CadException {
        TimedOut(CadOperation operation) {
            super(Kind.UNAVAILABLE, "Sonoran CAD did not answer", operation + " timed out (in memory)");
        }
    }

    private void failIfAsked() throws CadException {
        CadException failure = nextFailure;
        if (failure != null) {
            nextFailure = null;
            throw failure;
        }
    }

    /** A point calls pass through: it notes that one arrived, and can hold them until released. */
    private static final class Hold {
        private final String what;
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile CountDownLatch gate;

        Hold(String what) {
            this.what = what;
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch held = gate;
            gate = null;
            if (held != null) {
                held.countDown();
            }
        }

        boolean awaitStarted() throws InterruptedException {
            return started.await(5, TimeUnit.SECONDS);
        }

        void passThrough() throws InterruptedException {
            started.countDown();
            CountDownLatch held = gate;
            if (held != null && !held.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " held for more than 5 s");
            }
        }
    }
}
