package livemapbot.status;

import livemapbot.cad.ServerEntry;
import livemapbot.net.AddressRules;
import livemapbot.status.emulator.FakeFxServer;
import livemapbot.status.emulator.FakeFxServer.Behaviour;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static livemapbot.status.ProbeTestSupport.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe against real local fake FXServers on 127.0.0.1: every verdict of issue 11, and its
 * safety rules (GET only on three paths, no redirects, fixed User-Agent, no Via or
 * Upgrade-Insecure-Requests, body cap, whole-call timeout, refused address ranges, one lookup).
 */
class GameServerProbeTest {
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    /** Short limits so the timeout tests run fast; production's are 3 s / 5 s / 256 KB. */
    private static final GameServerProbe.Limits FAST = new GameServerProbe.Limits(
            Duration.ofMillis(300), Duration.ofMillis(300), 256 * 1024);

    private final MutableClock clock = new MutableClock(NOW);
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    private FakeFxServer fake(Behaviour behaviour) {
        FakeFxServer fake = FakeFxServer.start(behaviour);
        closeLater.add(fake);
        return fake;
    }

    private GameServerProbe.Builder probe() {
        return GameServerProbe.builder("1.2.3").allowPrivateAddresses(true).clock(clock).limits(FAST);
    }

    private ProbeResult run(GameServerProbe.Builder builder, ServerEntry entry) {
        try (GameServerProbe probe = builder.build()) {
            return probe.probe(entry);
        }
    }

    private static ServerEntry at(FakeFxServer fake) {
        return entry(1, fake.host(), fake.port(), true);
    }

    @Test
    void onlineWithPlayersHostnameResourceVersionAndBuild() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.ONLINE, result.verdict());
        assertNull(result.reason());
        assertEquals(NOW, result.observedAt());
        assertEquals("127.0.0.1:" + fake.port(), result.target());
        GameServerInfo game = result.game();
        assertEquals("Demo Roleplay", game.hostname());
        assertEquals(12, game.players().getAsInt());
        assertEquals(64, game.maxPlayers().getAsInt());
        assertEquals(Boolean.TRUE, game.resourceRunning());
        assertEquals("4.0.104", game.resourceVersion());
        assertEquals(FakeFxServer.BUILD, game.fxServerBuild());
        assertEquals(PushPath.ANSWERS, game.pushPath());
        assertEquals("Online · 12/64 players · sonorancad 4.0.104 · push path OK", result.summary());
        assertEquals(List.of(Check.State.OK, Check.State.OK, Check.State.OK),
                result.checks().stream().map(Check::state).toList());
        // Allowed by probe.allowPrivateAddresses, yet still not an address Sonoran can reach.
        assertEquals(List.of(ConfigHint.PRIVATE_ADDRESS), result.hints());
    }

    /** probe.allowPrivateAddresses opens private networks, never the cloud metadata range or multicast. */
    @Test
    void allowingPrivateAddressesStillRefusesLinkLocalAndMulticast() {
        for (String address : List.of("169.254.169.254", "224.0.0.1", "0.0.0.0", "fe80::1")) {
            ProbeResult result = run(probe(), entry(9, address, 30120, true));
            assertEquals(ProbeVerdict.NOT_PROBED, result.verdict(), address);
            assertEquals(ProbeReason.ADDRESS_REFUSED, result.reason(), address);
        }
    }

    @Test
    void onlineWithoutTheResource() {
        FakeFxServer fake = fake(Behaviour.WITHOUT_SONORANCAD);

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.ONLINE_RESOURCE_NOT_RUNNING, result.verdict());
        assertEquals(Boolean.FALSE, result.game().resourceRunning());
        assertEquals(PushPath.NO_RESOURCE, result.game().pushPath());
        assertEquals(Check.State.FAILED, result.checks().get(1).state());
    }

    @Test
    void onlineWithTheResourceButItsPushPathNotAnswering() {
        FakeFxServer fake = fake(Behaviour.WITHOUT_HANDLER);

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.ONLINE_PUSH_PATH_NOT_ANSWERING, result.verdict());
        assertEquals(Boolean.TRUE, result.game().resourceRunning());
        assertEquals(PushPath.NO_HANDLER, result.game().pushPath());
        assertEquals(Check.State.FAILED, result.checks().get(2).state());
    }

    @Test
    void anOlderResourceWithoutAPublishedVersionIsStillOnline() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        fake.resourceVersion(null);

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.ONLINE, result.verdict());
        assertNull(result.game().resourceVersion());
        assertEquals("Online · 12/64 players · sonorancad · push path OK", result.summary());
    }

    @Test
    void paranoiaNopeIsHttpInfoBlocked() {
        FakeFxServer fake = fake(Behaviour.PARANOID);

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.HTTP_INFO_BLOCKED, result.verdict());
        assertEquals(ProbeReason.FORBIDDEN, result.reason());
        assertTrue(result.detail().contains("Nope."), result.detail());
        assertEquals(1, fake.received().size(), "a blocked probe stops asking");
    }

    @Test
    void rateLimitedIsHttpInfoBlocked() {
        FakeFxServer fake = fake(Behaviour.RATE_LIMITED);

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.HTTP_INFO_BLOCKED, result.verdict());
        assertEquals(ProbeReason.RATE_LIMITED, result.reason());
        assertEquals(12, result.game().players().getAsInt(), "dynamic.json answered before the 429");
        assertEquals(2, fake.received().size(), "nothing is asked after a 429");
    }

    @Test
    void aClosedPortIsUnreachableRefused() {
        ProbeResult result = run(probe(), entry(1, "127.0.0.1", FakeFxServer.closedPort(), true));

        assertEquals(ProbeVerdict.UNREACHABLE, result.verdict());
        assertEquals(ProbeReason.REFUSED, result.reason());
        assertEquals(Check.State.NOT_RUN, result.checks().get(1).state());
    }

    @Test
    void aServerThatNeverAnswersIsUnreachableTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ProbeResult result = run(probe(), entry(1, "127.0.0.1", silent.getLocalPort(), true));

            assertEquals(ProbeVerdict.UNREACHABLE, result.verdict());
            assertEquals(ProbeReason.TIMEOUT, result.reason());
        }
    }

    @Test
    void somethingElseOnThePortIsUnreachableNotAnFxServer() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        fake.override("/dynamic.json", ex -> FakeFxServer.send(ex, 404, "text/html", "<html>nginx</html>"));

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.UNREACHABLE, result.verdict());
        assertEquals(ProbeReason.NOT_AN_FXSERVER, result.reason());
        assertEquals("HTTP 404", result.detail());
    }

    @Test
    void notProbedWhenProbingIsOff() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);

        ProbeResult result = run(probe().enabled(false), at(fake));

        assertEquals(ProbeVerdict.NOT_PROBED, result.verdict());
        assertEquals(ProbeReason.PROBING_OFF, result.reason());
        assertEquals(NOW, result.observedAt());
        assertEquals(List.of(), fake.received());
    }

    @Test
    void notProbedWithoutAnAddress() {
        assertEquals(ProbeReason.MAP_DISABLED, run(probe(), entry(1, "", 30120, false)).reason());
        assertEquals(ProbeReason.NO_ADDRESS, run(probe(), entry(1, "", 30120, true)).reason());
        assertEquals(ProbeReason.NO_ADDRESS, run(probe(), entry(1, "51.79.1.2", "", true)).reason());
        assertEquals(ProbeReason.INVALID_ADDRESS, run(probe(), entry(1, "http://51.79.1.2", 30120, true)).reason());
        assertEquals(ProbeReason.INVALID_ADDRESS, run(probe(), entry(1, "51.79.1.2", 70000, true)).reason());
        assertEquals(ProbeReason.INVALID_ADDRESS, run(probe(), entry(1, "51.79.1.2:30120", 30120, true)).reason());
        assertEquals(ProbeReason.INVALID_ADDRESS, run(probe(), entry(1, "127.1", 30120, true)).reason());
        assertEquals(ProbeReason.INVALID_ADDRESS, run(probe(), entry(1, "2130706433", 30120, true)).reason());
        assertEquals(ProbeReason.INVALID_ADDRESS, run(probe(), entry(1, "051.079.001.002", 30120, true)).reason());
    }

    @Test
    void resourceRunningWhileTheCadHasTheMapOffIsHinted() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);

        ProbeResult result = run(probe(), entry(1, fake.host(), fake.port(), false));

        assertEquals(ProbeVerdict.ONLINE, result.verdict());
        assertTrue(result.hints().contains(ConfigHint.RESOURCE_RUNS_BUT_MAP_DISABLED), result.hints().toString());
    }

    @Test
    void documentationAndPrivateAddressesAreRefusedAndHinted() {
        ProbeResult documentation = run(probe().allowPrivateAddresses(false), entry(1, "203.0.113.10", 30120, true));
        ProbeResult lan = run(probe().allowPrivateAddresses(false), entry(2, "192.168.1.20", 30120, true));

        assertEquals(ProbeReason.ADDRESS_REFUSED, documentation.reason());
        assertEquals(List.of(ConfigHint.DOCUMENTATION_ADDRESS), documentation.hints());
        assertEquals("203.0.113.10 " + AddressRules.Kind.DOCUMENTATION.reason(), documentation.detail());
        assertEquals(ProbeReason.ADDRESS_REFUSED, lan.reason());
        assertEquals(List.of(ConfigHint.PRIVATE_ADDRESS), lan.hints());
    }

    /** "a refused address is never connected to": nothing reaches a listener on 127.0.0.1. */
    @Test
    void aRefusedAddressIsNeverConnectedTo() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            for (String ip : List.of("127.0.0.1", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "localhost")) {
                ProbeResult result = run(probe().allowPrivateAddresses(false),
                        entry(1, ip, listener.getLocalPort(), true));

                assertEquals(ProbeVerdict.NOT_PROBED, result.verdict(), ip);
                assertEquals(ProbeReason.ADDRESS_REFUSED, result.reason(), ip);
                assertEquals(AddressRules.Kind.LOOPBACK, result.addressKind(), ip);
            }
            // The probe returned, so any connection it made is already queued: none is.
            listener.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, listener::accept);
        }
    }

    @Test
    void aHostNameResolvingToAPrivateAddressIsRefused() {
        AtomicInteger lookups = new AtomicInteger();
        GameServerProbe.Resolver dns = host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByAddress(host, new byte[] {51, 79, 1, 2}),
                    InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7}));
        };

        ProbeResult result = run(probe().allowPrivateAddresses(false).resolver(dns),
                entry(1, "game.example.com", 30120, true));

        assertEquals(ProbeReason.ADDRESS_REFUSED, result.reason(), "every resolved address is checked");
        assertEquals(AddressRules.Kind.PRIVATE, result.addressKind());
        assertEquals("game.example.com (10.0.0.7) " + AddressRules.Kind.PRIVATE.reason(), result.detail());
        assertEquals(1, lookups.get());
    }

    /** Resolve once, connect to the checked address: a rebinding DNS gets exactly one question. */
    @Test
    void aHostNameIsResolvedOnceAndTheCheckedAddressIsUsed() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        AtomicInteger lookups = new AtomicInteger();
        GameServerProbe.Resolver rebinding = host -> {
            if (lookups.incrementAndGet() == 1) {
                return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
            }
            throw new UnknownHostException("a second lookup would get another answer");
        };

        ProbeResult result = run(probe().resolver(rebinding), entry(1, "game.test", fake.port(), true));

        assertEquals(ProbeVerdict.ONLINE, result.verdict());
        assertEquals(1, lookups.get());
        assertEquals(3, fake.received().size());
    }

    @Test
    void anUnknownHostIsUnreachable() {
        GameServerProbe.Resolver none = host -> {
            throw new UnknownHostException(host);
        };

        ProbeResult result = run(probe().resolver(none), entry(1, "nowhere.test", 30120, true));

        assertEquals(ProbeVerdict.UNREACHABLE, result.verdict());
        assertEquals(ProbeReason.UNKNOWN_HOST, result.reason());
    }

    /** GET only, only the three paths, fixed User-Agent, never Via or Upgrade-Insecure-Requests. */
    @Test
    void requestsAreThreeGetsWithTheBotsUserAgentAndNoParanoiaTriggers() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);

        run(probe(), at(fake));

        List<FakeFxServer.Received> received = fake.received();
        assertEquals(List.of("/dynamic.json", "/info.json", "/sonorancad/status"),
                received.stream().map(FakeFxServer.Received::path).toList());
        for (FakeFxServer.Received r : received) {
            assertEquals("GET", r.method());
            assertEquals(List.of("livemap-bot/1.2.3"), r.headers().get("user-agent"));
            assertFalse(r.hasHeader("Via"), r.toString());
            assertFalse(r.hasHeader("Upgrade-Insecure-Requests"), r.toString());
        }
    }

    @Test
    void aRedirectIsNotFollowed() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        FakeFxServer elsewhere = fake(Behaviour.WITH_SONORANCAD);
        String location = "http://127.0.0.1:" + elsewhere.port() + "/dynamic.json";
        fake.override("/dynamic.json", ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(302, -1);
        });

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeReason.NOT_AN_FXSERVER, result.reason());
        assertEquals("HTTP 302", result.detail());
        assertEquals(List.of(), elsewhere.received());
    }

    /** "a 10 MB body is cut at the cap": the reader stops at 256 KB and the rest is never read. */
    @Test
    void aTenMegabyteBodyIsCutAtTheCap() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        int size = 10 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        AtomicBoolean writeFailed = new AtomicBoolean();
        fake.override("/info.json", ex -> {
            // The resource list comes after a 10 MB icon: beyond the cap it cannot be seen.
            byte[] head = "{\"icon\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\",\"resources\":[\"sonorancad\"]}".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(head);
                written.addAndGet(head.length);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'A');
                long left = size - head.length - tail.length;
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, n);
                    written.addAndGet(n);
                    left -= n;
                }
                out.write(tail);
                written.addAndGet(tail.length);
            } catch (IOException e) {
                writeFailed.set(true);
            }
        });
        GameServerProbe.Limits roomy = new GameServerProbe.Limits(Duration.ofSeconds(3), Duration.ofSeconds(5),
                256 * 1024);

        ProbeResult result = run(probe().limits(roomy), at(fake));

        assertEquals(ProbeVerdict.ONLINE, result.verdict(), "the push path still says the resource runs");
        assertNull(result.game().resourceVersion());
        assertEquals(Check.State.FAILED, result.checks().get(1).state(), "info.json's resource list was cut");
        awaitTrue(writeFailed::get);
        assertTrue(written.get() < size, "the server could write only " + written.get() + " of " + size);
    }

    /** "a server that trickles bytes is cut at 5 s" — the whole-call limit, shortened here to 300 ms. */
    @Test
    void aServerThatTricklesBytesIsCutAtTheWholeCallLimit() {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        byte[] body = ("{\"clients\":1,\"hostname\":\"slow\",\"sv_maxclients\":\"8\"}" + " ".repeat(2000))
                .getBytes(StandardCharsets.US_ASCII);
        fake.override("/dynamic.json", ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            try {
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        ProbeResult result = run(probe(), at(fake));

        assertEquals(ProbeVerdict.UNREACHABLE, result.verdict());
        assertEquals(ProbeReason.TIMEOUT, result.reason());
    }

    @Test
    void theProductionLimitsAreThreeSecondsFiveSecondsAnd256Kilobytes() {
        assertEquals(new GameServerProbe.Limits(Duration.ofSeconds(3), Duration.ofSeconds(5), 262_144),
                GameServerProbe.Limits.DEFAULT);
    }

    @Test
    void numbersServedAsStringsAreRead() throws Exception {
        FakeFxServer fake = fake(Behaviour.WITH_SONORANCAD);
        fake.override("/dynamic.json", ex -> FakeFxServer.send(ex, 200, "application/json",
                "{\"clients\":\"7\",\"hostname\":\"x\",\"sv_maxclients\":48}"));

        ProbeResult result = run(probe(), at(fake));

        assertEquals("7/48 players", result.game().playersText());
    }

    /** Waits for a condition another thread makes true, without a fixed sleep standing in for it. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // poll, without burning a shared core
        }
    }
}
