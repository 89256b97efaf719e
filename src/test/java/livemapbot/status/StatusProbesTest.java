package livemapbot.status;

import livemapbot.cad.ServerEntry;
import livemapbot.status.emulator.FakeFxServer;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static livemapbot.status.ProbeTestSupport.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11: at most one probe per server per minute, concurrent with a small bound, never on the caller's thread. */
class StatusProbesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private final FakeProber prober = new FakeProber(clock);
    private final StatusProbes probes = StatusProbes.create(prober, clock);

    @AfterEach
    void close() {
        prober.release();
        probes.close();
    }

    private static ProbeResult await(CompletableFuture<ProbeResult> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoCallsWithinSixtySecondsProbeOnce() throws Exception {
        ServerEntry server = entry(1, "51.79.1.2", 30120, true);

        ProbeResult first = await(probes.probe(server));
        clock.advance(Duration.ofSeconds(59));
        ProbeResult second = await(probes.probe(server));

        assertEquals(1, prober.probes.get());
        assertEquals(first.observedAt(), second.observedAt());

        clock.advance(Duration.ofSeconds(1));
        await(probes.probe(server));
        assertEquals(2, prober.probes.get(), "after 60 s the server is asked again");
    }

    @Test
    void aProbeNeverBlocksTheCallerAndACallerDuringItSharesIt() throws Exception {
        ServerEntry server = entry(1, "51.79.1.2", 30120, true);
        ServerEntry sameGameServer = entry(2, "51.79.1.2", 30120, false);
        prober.hold(1);

        CompletableFuture<ProbeResult> first = probes.probe(server);
        CompletableFuture<ProbeResult> second = probes.probe(sameGameServer);

        assertFalse(first.isDone(), "the caller got a future while the probe is still running");
        assertTrue(probes.cached(server).isEmpty(), "nothing is cached yet");
        assertTrue(prober.awaitStarted());
        prober.release();
        assertEquals(1, await(first).serverId());
        assertEquals(2, await(second).serverId(), "a shared result is told for each entry");
        assertEquals(1, prober.probes.get());
        assertEquals(ProbeVerdict.ONLINE, probes.cached(server).orElseThrow().verdict());
    }

    @Test
    void differentServersAreProbedConcurrentlyAtMostTheBoundAtATime() throws Exception {
        int count = StatusProbes.MAX_CONCURRENT + 3;
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            servers.add(entry(i, "51.79.1." + i, 30120, true));
        }
        prober.hold(StatusProbes.MAX_CONCURRENT);

        Map<Integer, CompletableFuture<ProbeResult>> futures = probes.probeAll(servers);

        assertTrue(prober.awaitStarted(), StatusProbes.MAX_CONCURRENT + " probes run at once");
        assertEquals(StatusProbes.MAX_CONCURRENT, prober.running.get());
        prober.release();
        for (CompletableFuture<ProbeResult> f : futures.values()) {
            await(f);
        }
        assertEquals(count, prober.probes.get());
        assertEquals(StatusProbes.MAX_CONCURRENT, prober.maxRunning.get());
        assertEquals(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList(), List.copyOf(futures.keySet()));
    }

    @Test
    void rateLimitedBacksOffLongerThanAMinute() throws Exception {
        ServerEntry server = entry(1, "51.79.1.2", 30120, true);
        prober.answer("51.79.1.2:30120", ProbeVerdict.HTTP_INFO_BLOCKED, ProbeReason.RATE_LIMITED);

        await(probes.probe(server));
        clock.advance(Duration.ofMinutes(5));
        ProbeResult later = await(probes.probe(server));

        assertEquals(1, prober.probes.get(), "a 429 is not answered by asking again a minute later");
        assertEquals(ProbeReason.RATE_LIMITED, later.reason());
        clock.advance(StatusProbes.BACK_OFF);
        await(probes.probe(server));
        assertEquals(2, prober.probes.get());
    }

    @Test
    void aRateLimitingFxServerIsNotAskedAgainWithinTheBackOff() throws Exception {
        try (FakeFxServer fake = FakeFxServer.start(FakeFxServer.Behaviour.RATE_LIMITED);
             GameServerProbe probe = GameServerProbe.builder("t").allowPrivateAddresses(true).clock(clock).build();
             StatusProbes real = StatusProbes.create(probe, clock)) {
            ServerEntry server = entry(1, fake.host(), fake.port(), true);

            assertEquals(ProbeReason.RATE_LIMITED, await(real.probe(server)).reason());
            int asked = fake.received().size();
            clock.advance(Duration.ofMinutes(2));
            assertEquals(ProbeReason.RATE_LIMITED, await(real.probe(server)).reason());

            assertEquals(asked, fake.received().size());
        }
    }

    @Test
    void notProbedVerdictsAreImmediateAndCachedAnswersComeWithoutAProbe() throws Exception {
        ServerEntry noAddress = entry(1, "", 30120, true);
        ServerEntry server = entry(2, "51.79.1.2", 30120, true);

        CompletableFuture<ProbeResult> immediate = probes.probe(noAddress);
        assertTrue(immediate.isDone());
        assertEquals(ProbeReason.NO_ADDRESS, immediate.get().reason());
        assertEquals(ProbeReason.NO_ADDRESS, probes.cached(noAddress).orElseThrow().reason());

        ProbeResult probed = await(probes.probe(server));
        clock.advance(Duration.ofMinutes(5));
        ProbeResult old = probes.cached(server).orElseThrow();
        assertEquals(probed.observedAt(), old.observedAt(), "cached() answers with the last result, however old");
        assertFalse(probes.isFresh(old));
        assertEquals(1, prober.probes.get());
    }

    @Test
    void aCachedResultTakesTheCurrentEntrysMapSetting() throws Exception {
        ServerEntry on = entry(1, "51.79.1.2", 30120, true);
        ServerEntry off = entry(1, "51.79.1.2", 30120, false);

        ProbeResult first = await(probes.probe(on));
        ProbeResult again = await(probes.probe(off));

        assertTrue(first.mapEnabled());
        assertFalse(again.mapEnabled());
        assertSame(first.game(), again.game());
    }
}
