package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.CadOperation;
import livemapbot.cad.emulator.InjectedFailure;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.e2e.fake.RecordedCall;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static livemapbot.e2e.BotHarness.DEPLOYER;
import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.buttonId;
import static livemapbot.e2e.ScenarioSupport.isEphemeral;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 10: Sonoran fails in every way it can (bad key, 5xx, 429, malformed JSON, a stall). Each
 * interaction is still acknowledged within Discord's 3 s, ends with a short message saying what to do,
 * and nothing is written.
 */
class SonoranFailureE2ETest {
    private static final String RATE_LIMIT_BODY = "{\"message\":\"API rate limit exceeded\"}";
    private static final String MALFORMED = "{\"servers\":[{\"id\":1,\"name\":";

    private static BotHarness h;

    @BeforeAll
    static void start() {
        // No cache: every command must reach the (failing) CAD.
        h = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "0").start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        h.sonoran.clearHistory();
    }

    @AfterEach
    void nothingWrittenNoSecretShownOnlyKnownRoutes() {
        assertTrue(h.sonoran.writes().isEmpty(), "nothing written: " + h.sonoran.writes());
        assertNoSecretSent(h, h.sonoran.apiKey());
        assertNoUnknownRoutes(h);
    }

    // ---- /servers: a public deferred reply replaced by an ephemeral error

    @Test
    void invalidApiKeyOnServers() {
        h.sonoran.failNext(1, 400, "INVALID API KEY");
        String error = serversError();
        assertTrue(error.contains("Sonoran rejected the API key"), error);
        assertTrue(error.contains("sonoran.apiKey"), "says what to fix: " + error);
        assertEquals(1, h.sonoran.callCount(CadOperation.LIST_SERVERS), "a bad key is not retried");
    }

    @Test
    void threeServerErrorsOnServers() {
        h.sonoran.failNext(3, 500, "Internal Server Error");
        String error = serversError();
        assertTrue(error.contains("Sonoran CAD is not answering; try again in a minute."), error);
        assertEquals(3, h.sonoran.callCount(CadOperation.LIST_SERVERS), "a read is tried three times");
    }

    @Test
    void rateLimitedWithRetryAfterOnServers() {
        h.sonoran.failNext(3, tooManyRequests());
        String error = serversError();
        assertTrue(error.contains("Sonoran is limiting how often the bot may call it; try again in 1 s."), error);
        assertEquals(3, h.sonoran.callCount(CadOperation.LIST_SERVERS));
    }

    @Test
    void oneRateLimitWithRetryAfterIsWaitedOut() {
        h.sonoran.failNext(1, tooManyRequests());
        Interaction cmd = h.slash(VIEWER, "servers");
        assertAckedInTime(h.discord.awaitCallback(cmd, WAIT));
        JsonNode list = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0, WAIT);
        assertTrue(text(list).contains("Main Server"), text(list));
        assertEquals(2, h.sonoran.callCount(CadOperation.LIST_SERVERS));
    }

    @Test
    void malformedJsonOnServers() {
        h.sonoran.failNext(1, 200, MALFORMED);
        String error = serversError();
        assertTrue(error.contains("Sonoran CAD sent an answer the bot does not understand"), error);
        assertEquals(1, h.sonoran.callCount(CadOperation.LIST_SERVERS));
    }

    // ---- /setmap and /deploymap: the deferred ephemeral answer becomes the error

    @Test
    void invalidApiKeyWhenPreparingASetmapPreview() {
        h.sonoran.failNext(1, 400, "INVALID API KEY");
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2), Option.bool("enable-map", true));
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        assertTrue(ack.ephemeral());
        JsonNode message = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0, WAIT);
        String error = text(message);
        assertTrue(error.contains("Could not read the servers"), error);
        assertTrue(error.contains("Sonoran rejected the API key"), error);
        assertTrue(message.path("components").isEmpty(), "no Confirm button: " + message);
    }

    @Test
    void serverErrorsWhenConfirmingASetmap() {
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2), Option.bool("enable-map", true));
        JsonNode preview = h.discord.awaitOriginal(cmd, ScenarioSupport::hasButtons, WAIT);

        h.sonoran.failNext(3, 500, "Internal Server Error");
        Interaction confirm = h.discord.clickButtonOnOriginal(EDITOR, cmd, buttonId(preview, "confirm"));
        Callback ack = h.discord.awaitCallback(confirm, WAIT);
        assertAckedInTime(ack);
        assertEquals(Callback.DEFERRED_UPDATE, ack.type());
        JsonNode message = h.discord.awaitOriginal(cmd, m -> text(m).contains("The change was not made"), WAIT);
        assertTrue(text(message).contains("Sonoran CAD is not answering"), text(message));
        assertTrue(message.path("components").isEmpty(), "buttons gone: " + message);
        assertEquals(0, h.sonoran.callCount(CadOperation.REPLACE_SERVERS), "the fresh read failed, so no write");
    }

    @Test
    void malformedJsonWhenDeploying() {
        h.sonoran.failNext(1, 200, MALFORMED);
        Interaction cmd = h.slash(DEPLOYER, "deploymap");
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        assertTrue(ack.ephemeral());
        JsonNode message = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0, WAIT);
        String error = text(message);
        assertTrue(error.contains("Live Map not deployed"), error);
        assertTrue(error.contains("does not understand"), error);
        assertEquals(0, h.sonoran.callCount(CadOperation.REPLACE_SERVERS));
        assertTrue(h.discord.channelMessages(BotHarness.ANNOUNCE_CHANNEL).isEmpty(), "nothing announced");
    }

    /**
     * A write whose answer would come only after 25 s. The read answers at once. The bot gives up
     * within its 12 s budget for the whole operation (issue 8: a final answer within 15 s of the
     * click), and says the write may or may not have been applied.
     */
    @Test
    void aStalledDeployWriteTimesOutAndSaysItMayOrMayNotHaveBeenApplied() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        try (MockWebServer sonoran = new MockWebServer()) {
            sonoran.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getUrl().encodedPath().endsWith("/general/get_servers")) {
                        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                                .body("{\"servers\":[{\"id\":1,\"name\":\"Main Server\",\"enableMap\":true}]}")
                                .build();
                    }
                    if (request.getUrl().encodedPath().endsWith("/general/get_version")) {
                        // The plan, read at start-up on its own endpoint (issue 12).
                        return new MockResponse.Builder().code(200).body("3").build();
                    }
                    writes.incrementAndGet();
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
                            .body("Server config updated").headersDelay(25, TimeUnit.SECONDS).build();
                }
            });
            sonoran.start(InetAddress.getByName("127.0.0.1"), 0);
            String url = sonoran.url("/").toString().replaceAll("/+$", "");
            try (BotHarness stalled = BotHarness.builder().sonoranUrl(url).start()) {
                Interaction cmd = stalled.slash(DEPLOYER, "deploymap");
                Callback ack = stalled.discord.awaitCallback(cmd, WAIT);
                assertAckedInTime(ack);
                assertEquals(Callback.DEFERRED_REPLY, ack.type());

                JsonNode message = stalled.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0,
                        Duration.ofSeconds(25));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cmd.sentNanos());
                String error = text(message);
                assertTrue(error.contains("Live Map deploy: result unknown"), error);
                assertTrue(error.contains("may or may not have been applied"), error);
                assertTrue(error.contains("/servers"), "says how to check: " + error);
                assertTrue(tookMillis < 15_000, "answered within 15 s of the click: " + tookMillis + " ms");
                assertEquals(1, writes.get(), "a write that may have been applied is never retried");
                assertTrue(stalled.discord.channelMessages(BotHarness.ANNOUNCE_CHANNEL).isEmpty());
                assertNoSecretSent(stalled, stalled.sonoran.apiKey());
                assertNoUnknownRoutes(stalled);
            }
        }
    }

    /** Sends /servers and returns the text of the ephemeral error that replaces its public deferred reply. */
    private static String serversError() {
        Interaction cmd = h.slash(VIEWER, "servers");
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        JsonNode error = h.discord.awaitFollowUp(cmd, m -> isEphemeral(m), WAIT);
        assertTrue(h.discord.original(cmd).isEmpty(), "the public 'thinking' reply is removed");
        assertEquals("Could not read the servers", error.path("embeds").path(0).path("title").asText(), error.toString());
        return text(error);
    }

    private static InjectedFailure tooManyRequests() {
        return new InjectedFailure(429, "application/json", RATE_LIMIT_BODY, Map.of("Retry-After", "1"));
    }

    private static void assertNoSecretSent(BotHarness harness, String apiKey) {
        for (RecordedCall call : harness.discord.requests()) {
            assertFalse(call.body().contains(apiKey), "API key sent to Discord in " + call);
        }
    }
}
