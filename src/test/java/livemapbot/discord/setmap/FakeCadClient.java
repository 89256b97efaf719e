package livemapbot.discord.setmap;

import livemapbot.cad.CadClient;
import livemapbot.cad.CadException;
import livemapbot.cad.CadPlan;
import livemapbot.cad.ServerEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory CAD: a server list, every write recorded, failures and a pause on demand. */
final class FakeCadClient implements CadClient {
    record Write(List<ServerEntry> servers, boolean deploy) {
    }

    volatile List<ServerEntry> servers;
    final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reads = new AtomicInteger();
    volatile CadException failWrites;
    volatile CadException failReads;
    /** When set, each write first waits for it (to hold a write open while a test clicks again). */
    volatile CountDownLatch writeGate;
    final CountDownLatch writeStarted = new CountDownLatch(1);

    FakeCadClient(List<ServerEntry> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public List<ServerEntry> listServers() throws CadException {
        reads.incrementAndGet();
        if (failReads != null) {
            throw failReads;
        }
        return servers;
    }

    @Override
    public void replaceServers(List<ServerEntry> written, boolean deployMap) throws CadException {
        writeStarted.countDown();
        CountDownLatch gate = writeGate;
        if (gate != null) {
            try {
                if (!gate.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test never opened the write gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failWrites != null) {
            throw failWrites;
        }
        writes.add(new Write(List.copyOf(written), deployMap));
        servers = List.copyOf(written);
    }

    @Override
    public CadPlan plan() {
        throw new UnsupportedOperationException("not used by /setmap");
    }

    void replace(ServerEntry changed) {
        List<ServerEntry> next = new ArrayList<>();
        for (ServerEntry s : servers) {
            next.add(s.id() == changed.id() ? changed : s);
        }
        servers = List.copyOf(next);
    }
}
