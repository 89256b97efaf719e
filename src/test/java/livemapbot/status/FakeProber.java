package livemapbot.status;

import livemapbot.cad.ServerEntry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Prober} without network: answers each target with the verdict a test set (default online),
 * counts probes, and can hold every probe until {@link #release()}.
 */
final class FakeProber implements Prober {
    private final Clock clock;
    private final Map<String, ProbeReason> reasons = new ConcurrentHashMap<>();
    private final Map<String, ProbeVerdict> verdicts = new ConcurrentHashMap<>();
    final AtomicInteger probes = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile CountDownLatch started = new CountDownLatch(0);

    FakeProber(Clock clock) {
        this.clock = clock;
    }

    /** The next probes of {@code target} answer {@code verdict} with {@code reason} (null for the online ones). */
    void answer(String target, ProbeVerdict verdict, ProbeReason reason) {
        verdicts.put(target, verdict);
        if (reason == null) {
            reasons.remove(target);
        } else {
            reasons.put(target, reason);
        }
    }

    /** Holds every probe until {@link #release()}; {@link #awaitStarted} waits for {@code expected} of them. */
    void hold(int expected) {
        hold = new CountDownLatch(1);
        started = new CountDownLatch(expected);
    }

    boolean awaitStarted() throws InterruptedException {
        return started.await(10, TimeUnit.SECONDS);
    }

    void release() {
        hold.countDown();
    }

    @Override
    public Optional<String> target(ServerEntry entry) {
        return entry.mapIp().isBlank() ? Optional.empty() : Optional.of(entry.mapIp() + ":" + entry.listenerPort());
    }

    @Override
    public Optional<ProbeResult> withoutNetwork(ServerEntry entry) {
        return entry.mapIp().isBlank()
                ? Optional.of(ProbeResult.notProbed(entry, "", ProbeReason.NO_ADDRESS, "", null, clock.instant()))
                : Optional.empty();
    }

    @Override
    public ProbeResult probe(ServerEntry entry) {
        probes.incrementAndGet();
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        started.countDown();
        try {
            if (!hold.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held probe never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
        String target = target(entry).orElseThrow();
        ProbeVerdict verdict = verdicts.getOrDefault(target, ProbeVerdict.ONLINE);
        return new ProbeResult(entry.id(), target, verdict, reasons.get(target), "", clock.instant(),
                GameServerInfo.UNKNOWN, null, entry.enableMap(), List.of());
    }
}
