package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.discord.servers.ServerEmbeds;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.status.StatusWatch;
import livemapbot.status.emulator.FakeFxServer;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static livemapbot.e2e.BotHarness.ANNOUNCE_CHANNEL;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.field;
import static livemapbot.e2e.ScenarioSupport.loaded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live status through a real JDA (issue 11): game servers are {@link FakeFxServer}s on 127.0.0.1
 * ({@code probe.allowPrivateAddresses=true}), the live status runs on a clock the test moves.
 */
class LiveStatusE2ETest {
    private static final String ONLINE = "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK";
    private static final String WITHOUT_RESOURCE = "🟡 Online, sonorancad not running · 12/64 players · no sonorancad route";

    private final List<FakeFxServer> gameServers = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.now());
    private BotHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            assertNoUnknownRoutes(h);
            h.close();
        }
        gameServers.forEach(FakeFxServer::close);
    }

    /** A game server whose {@code dynamic.json} answers only once {@code gate} is open. */
    private FakeFxServer gameServer(FakeFxServer.Behaviour behaviour, CountDownLatch[] gate) {
        FakeFxServer server = FakeFxServer.start(behaviour);
        gameServers.add(server);
        if (gate != null) {
            server.override("/dynamic.json", exchange -> {
                try {
                    gate[0].await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                FakeFxServer.send(exchange, 200, "application/json",
                        "{\"clients\":12,\"hostname\":\"Demo\",\"sv_maxclients\":\"64\"}");
            });
        }
        return server;
    }

    /** CAD servers 1..n pointing at the game servers. */
    private static ArrayNode servers(List<FakeFxServer> game) {
        ArrayNode list = ScenarioSupport.list(game.size(), id -> "Game " + id, 20);
        for (int i = 0; i < game.size(); i++) {
            ObjectNode server = (ObjectNode) list.get(i);
            server.put("mapIp", "127.0.0.1");
            server.put("listenerPort", Integer.toString(game.get(i).port()));
            server.put("enableMap", true);
        }
        return list;
    }

    private static List<String> statusLines(JsonNode message) {
        List<String> lines = new ArrayList<>();
        message.path("embeds").forEach(card -> lines.add(field(card, ServerEmbeds.LIVE_STATUS).orElse("")));
        return lines;
    }

    @Test
    void serversIsAcknowledgedWhileEveryProbeStallsThenEditedWithTheVerdicts() {
        CountDownLatch[] gate = {new CountDownLatch(1)};
        gameServer(FakeFxServer.Behaviour.WITH_SONORANCAD, gate);
        gameServer(FakeFxServer.Behaviour.WITHOUT_SONORANCAD, gate);
        h = BotHarness.builder()
                .env("PROBE_ALLOW_PRIVATE_ADDRESSES", "true")
                .statusClock(clock)
                .emulator(e -> e.servers(servers(gameServers)))
                .start();

        // After a CAD read: deferred at once, then the cards within the budget, still checking.
        Interaction first = h.slash(VIEWER, "servers");
        Callback ack = h.discord.awaitCallback(first, WAIT);
        assertAckedInTime(ack);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        JsonNode checking = h.discord.awaitOriginal(first, m -> loaded(m), WAIT);
        assertEquals(List.of(ServerEmbeds.CHECKING, ServerEmbeds.CHECKING), statusLines(checking),
                "shown without waiting for the stalled probes");

        gate[0].countDown();
        JsonNode done = h.discord.awaitOriginal(first,
                m -> loaded(m) && !statusLines(m).contains(ServerEmbeds.CHECKING), WAIT);
        List<String> lines = statusLines(done);
        assertTrue(lines.get(0).startsWith(ONLINE + " · checked "), lines.get(0));
        assertTrue(lines.get(1).startsWith(WITHOUT_RESOURCE + " · checked "), lines.get(1));

        // From the fresh list, a minute later: the reply itself is the acknowledgement, sent while
        // every probe stalls again, with the older results; then edited with the new ones.
        gate[0] = new CountDownLatch(1);
        clock.advance(Duration.ofSeconds(61));
        Interaction second = h.slash(VIEWER, "servers");
        Callback reply = h.discord.awaitCallback(second, WAIT);
        assertAckedInTime(reply);
        assertEquals(Callback.REPLY, reply.type(), "the fast path still answers in one callback");
        List<String> stale = statusLines(reply.data());
        assertTrue(stale.get(0).startsWith(ONLINE + " · checked 1 min ago · checking again"), stale.toString());

        gate[0].countDown();
        JsonNode refreshed = h.discord.awaitOriginal(second,
                m -> statusLines(m).stream().allMatch(line -> line.endsWith("checked just now")), WAIT);
        assertTrue(statusLines(refreshed).get(0).startsWith(ONLINE), refreshed.toString());
    }

    @Test
    void theDetailViewShowsEachCheckAndTheNextStep() {
        gameServer(FakeFxServer.Behaviour.WITHOUT_SONORANCAD, null);
        h = BotHarness.builder()
                .env("PROBE_ALLOW_PRIVATE_ADDRESSES", "true")
                .statusClock(clock)
                .emulator(e -> e.servers(servers(gameServers)))
                .start();

        Interaction cmd = h.slash(VIEWER, "servers", Option.integer("server", 1));
        JsonNode detail = h.discord.awaitOriginal(cmd, m -> loaded(m)
                && !statusLines(m).contains(ServerEmbeds.CHECKING), WAIT).path("embeds").get(0);

        assertTrue(field(detail, "✅ Game server (GET /dynamic.json)").isPresent(), detail.toString());
        String resource = field(detail, "❌ sonorancad resource (GET /info.json)").orElseThrow();
        assertTrue(resource.contains("**Next step:**"), resource);
        assertTrue(field(detail, "❌ Push-event path (GET /sonorancad/status)").orElseThrow().contains("Next step"));
    }

    @Test
    void aVerdictChangeIsAnnouncedOnceAfterTwoAgreeingObservations() {
        FakeFxServer game = gameServer(FakeFxServer.Behaviour.WITH_SONORANCAD, null);
        h = BotHarness.builder()
                .env("PROBE_ALLOW_PRIVATE_ADDRESSES", "true")
                .env("STATUS_INTERVAL_SECONDS", "60")
                .statusClock(clock)
                .emulator(e -> e.servers(servers(gameServers)))
                .start();
        StatusWatch watch = h.bot.statusWatch().orElseThrow(() -> new AssertionError("the watch is on"));

        watch.observeOnce(); // the baseline: online
        game.behave(FakeFxServer.Behaviour.WITHOUT_SONORANCAD);
        clock.advance(Duration.ofSeconds(61));
        Instant firstSeen = clock.instant();
        watch.observeOnce(); // one observation: not yet
        clock.advance(Duration.ofSeconds(61));
        watch.observeOnce(); // two agreeing: announced
        clock.advance(Duration.ofSeconds(61));
        watch.observeOnce(); // the same verdict again: nothing new

        game.behave(FakeFxServer.Behaviour.WITH_SONORANCAD);
        clock.advance(Duration.ofSeconds(61));
        watch.observeOnce();
        clock.advance(Duration.ofSeconds(61));
        watch.observeOnce(); // back online, confirmed

        h.discord.awaitChannelMessage(ANNOUNCE_CHANNEL,
                m -> m.path("embeds").toString().contains("**Now:** 🟢 Online"), WAIT);
        List<JsonNode> posts = h.discord.channelMessages(ANNOUNCE_CHANNEL);
        assertEquals(2, posts.size(), "one post per confirmed change: " + posts);
        JsonNode stopped = posts.get(0).path("embeds").get(0);
        assertEquals("Live status: #1 Game 1", stopped.path("title").asText());
        String text = stopped.path("description").asText();
        assertTrue(text.contains("**Now:** " + WITHOUT_RESOURCE), text);
        assertTrue(text.contains("**Before:** " + ONLINE), text);
        assertTrue(text.contains("<t:" + firstSeen.getEpochSecond() + ":F>"), "dated by the first observation: " + text);
        assertTrue(text.contains("/servers server:1"), text);
        assertFalse(posts.get(0).path("content").asText().contains("@"), "mentions nobody");
    }
}
