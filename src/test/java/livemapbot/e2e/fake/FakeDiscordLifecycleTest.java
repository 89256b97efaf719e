package livemapbot.e2e.fake;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start, stop and connection-level behaviour of the fake; each test has its own fake (and JDA where needed). */
class FakeDiscordLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long MEMBER = 1_300_000_000_000_000_010L;

    @Test
    void shutdownCleanlyLeavesNoConnectionInUseAndNoWarnings() {
        FakeDiscord fake = FakeDiscord.start();
        fake.guild().member(MEMBER, "carol");
        PingBot bot = new PingBot();
        JDA jda = FakeJda.startAndAwaitReady(fake, bot);
        fake.awaitCallback(fake.slashCommand(MEMBER, "ping"), WAIT);
        bot.awaitEvent("ping", WAIT);

        ListAppender<ILoggingEvent> logs = captureRootLog();
        try {
            FakeJda.shutdownCleanly(jda, WAIT);
            fake.awaitDisconnected(WAIT);
            fake.close();
        } finally {
            rootLogger().detachAppender(logs);
        }

        assertEquals(JDA.Status.SHUTDOWN, jda.getStatus());
        assertEquals(0, jda.getHttpClient().connectionPool().connectionCount());
        List<String> warnings = logs.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertEquals(List.of(), warnings);
        assertEquals(List.of(), bot.failures());
    }

    @Test
    void unansweredHeartbeatsMakeJdaReconnectAndResume() {
        try (FakeDiscord fake = FakeDiscord.builder().heartbeatInterval(Duration.ofMillis(500)).start()) {
            fake.guild().member(MEMBER, "carol");
            JDA jda = FakeJda.startAndAwaitReady(fake, new PingBot());
            try {
                fake.awaitHeartbeats(2, WAIT);
                fake.ackHeartbeats(false);

                fake.awaitResumes(1, WAIT); // JDA closes the "zombie" connection itself after two missed acks
                fake.ackHeartbeats(true);

                assertEquals(Callback.REPLY, fake.awaitCallback(fake.slashCommand(MEMBER, "ping"), WAIT).type());
                assertEquals(1, fake.identifyCount());
            } finally {
                FakeJda.shutdownCleanly(jda, WAIT);
            }
        }
    }

    @Test
    void aResumeReplaysTheDispatchesTheClientHasNotSeen() throws InterruptedException {
        try (FakeDiscord fake = FakeDiscord.start()) {
            OkHttpClient http = new OkHttpClient();
            try {
                GatewayClient first = GatewayClient.connect(http, fake);
                first.send("{\"op\":2,\"d\":{\"token\":\"test\"}}");
                JsonNode ready = first.awaitDispatch("READY");
                first.awaitDispatch("GUILD_CREATE");
                fake.awaitConnected(WAIT);
                long seen = 2; // READY and GUILD_CREATE
                fake.dispatch("MISSED_ONE", Json.object().put("n", 1));
                fake.dispatch("MISSED_TWO", Json.object().put("n", 2));
                first.socket.cancel(); // the client abandons the connection without reading on

                GatewayClient second = GatewayClient.connect(http, fake);
                second.send("{\"op\":6,\"d\":{\"token\":\"test\",\"session_id\":\""
                        + ready.path("d").path("session_id").asText() + "\",\"seq\":" + seen + "}}");

                JsonNode one = second.awaitDispatch("MISSED_ONE");
                JsonNode two = second.awaitDispatch("MISSED_TWO");
                JsonNode resumed = second.awaitDispatch("RESUMED");
                assertEquals(List.of(3L, 4L, 5L),
                        List.of(one.path("s").asLong(), two.path("s").asLong(), resumed.path("s").asLong()));
                assertEquals(1, fake.resumeCount());
                second.socket.close(1000, null);
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    /** A bare gateway client that keeps every dispatch it receives, in order. */
    private record GatewayClient(okhttp3.WebSocket socket, BlockingQueue<JsonNode> dispatches) {
        static GatewayClient connect(OkHttpClient http, FakeDiscord fake) {
            BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
            okhttp3.WebSocket socket = http.newWebSocket(new Request.Builder().url(fake.gatewayUrl()).build(),
                    new okhttp3.WebSocketListener() {
                        @Override
                        public void onMessage(okhttp3.WebSocket webSocket, String text) {
                            JsonNode frame = Json.parse(text);
                            if (frame.path("op").asInt() == 0) {
                                received.add(frame);
                            }
                        }
                    });
            return new GatewayClient(socket, received);
        }

        void send(String frame) {
            assertTrue(socket.send(frame));
        }

        /** The next dispatch, which must be of {@code type}: order matters. */
        JsonNode awaitDispatch(String type) throws InterruptedException {
            JsonNode frame = dispatches.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(frame != null, "no dispatch within " + WAIT + ", expected " + type);
            assertEquals(type, frame.path("t").asText(), frame.toString());
            return frame;
        }
    }

    @Test
    void unknownRoutesAnswer404AndAreRecorded() throws IOException {
        try (FakeDiscord fake = FakeDiscord.start()) {
            OkHttpClient http = new OkHttpClient();
            try (Response response = http.newCall(authorized(fake.restUrl() + "nope/42").build()).execute()) {
                assertEquals(404, response.code());
                assertEquals(0, Json.parse(response.body().string()).path("code").asInt());
            }
            assertEquals(List.of("GET nope/42 -> 404"), fake.unknownRoutes().stream().map(Object::toString).toList());
            http.connectionPool().evictAll();
        }
    }

    @Test
    void applicationRoutesRejectTheBotUserIdAndRequestsNeedAuthorization() throws IOException {
        try (FakeDiscord fake = FakeDiscord.start()) {
            OkHttpClient http = new OkHttpClient();
            String wrongApp = fake.restUrl() + "applications/" + fake.botUserId() + "/commands";
            try (Response response = http.newCall(authorized(wrongApp)
                    .put(RequestBody.create("[]", okhttp3.MediaType.get("application/json"))).build()).execute()) {
                assertEquals(404, response.code());
                assertEquals(10002, Json.parse(response.body().string()).path("code").asInt());
            }
            try (Response response = http.newCall(new Request.Builder().url(fake.restUrl() + "users/@me").build())
                    .execute()) {
                assertEquals(401, response.code());
            }
            assertEquals(List.of(), fake.unknownRoutes());
            assertEquals(2, fake.requests().size());
            http.connectionPool().evictAll();
        }
    }

    @Test
    void snowflakesEncodeTheCurrentTimeAndIncrease() {
        long before = System.currentTimeMillis();
        long first = Snowflakes.now();
        long second = Snowflakes.now();
        long after = System.currentTimeMillis();

        assertTrue(second > first);
        long encoded = Snowflakes.epochMillis(first);
        assertTrue(encoded >= before && encoded <= after, encoded + " not in [" + before + "," + after + "]");
    }

    @Test
    void rejectedChannelAndMissingEmbedPermissionBlockPosts() {
        try (FakeDiscord fake = FakeDiscord.start()) {
            long channel = fake.defaultChannelId();
            JsonNode embed = Json.parse("{\"embeds\":[{\"title\":\"x\"}]}");
            assertTrue(fake.botMayPost(channel, embed));

            fake.guild().overwrites(channel, FakeGuild.Overwrite.role(FakeDiscord.BOT_ROLE_ID, 0, FakeGuild.EMBED_LINKS));
            assertTrue(fake.botMayPost(channel, Json.parse("{\"content\":\"plain\"}")));
            assertTrue(!fake.botMayPost(channel, embed));

            fake.guild().overwrites(channel);
            fake.rejectChannelPosts(channel);
            assertTrue(!fake.botMayPost(channel, Json.parse("{\"content\":\"plain\"}")));
        }
    }

    private static Request.Builder authorized(String url) {
        return new Request.Builder().url(url).header("Authorization", "Bot test");
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static ListAppender<ILoggingEvent> captureRootLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        rootLogger().addAppender(appender);
        return appender;
    }
}
