package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.config.ConfigKey;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.store.TcpProxy;
import livemapbot.store.TestDatabase;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.STRANGER;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13, "Metrics and health": with metrics.port set the real bot serves Prometheus text at
 * /metrics that moves with what members do, without a secret or a member id, and /health says
 * whether the gateway is connected and the store answers; bound to 127.0.0.1 by default; with the
 * port at 0 nothing listens.
 */
class MetricsE2ETest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static BotHarness withMetrics(int port) {
        return BotHarness.builder().env(ConfigKey.METRICS_PORT.envName(), Integer.toString(port)).start();
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample {@code name{labels}} in the scrape (labels in Micrometer's alphabetical order). */
    static double sample(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}"))
                + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Interaction click(BotHarness h, Interaction cmd, String label) {
        JsonNode message = h.discord.latestOriginal(cmd);
        return h.discord.buttonClick(EDITOR, message, requireButton(message, label).path("custom_id").asText());
    }

    @Test
    void metricsMoveWithCommandsAndHoldNoSecretNorMemberId() throws Exception {
        int port = freePort();
        try (BotHarness h = withMetrics(port)) {
            assertEquals(port, h.bot.monitoring().port().orElseThrow());

            Interaction servers = h.slash(VIEWER, "servers");
            h.discord.awaitOriginal(servers, ScenarioSupport::loaded, WAIT);
            Interaction refused = h.slash(STRANGER, "setmap", Option.integer("server", 1),
                    Option.string("name", "Not allowed"));
            h.discord.awaitCallback(refused, WAIT);
            // A conflict: the field changed in the CAD between the preview and Confirm.
            Interaction setmap = h.slash(EDITOR, "setmap", Option.integer("server", 1),
                    Option.string("map-type", "OCRP POSTAL"));
            h.discord.awaitOriginal(setmap,
                    m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
            h.sonoran.updateServer(1, server -> server.put("mapType", "NORMAL"));
            Interaction confirm = click(h, setmap, "Confirm");
            h.discord.awaitOriginal(setmap, m -> m.path("embeds").size() > 0 && m.path("embeds").get(0)
                    .path("title").asText().startsWith("Nothing written"), WAIT);
            h.discord.awaitCallback(confirm, WAIT);

            HttpResponse<String> response = get(port, "/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    response.headers().toString());
            String scrape = response.body();

            assertEquals(1, sample(scrape, "livemap_commands_total", "command=\"servers\",kind=\"slash\",outcome=\"ok\""),
                    scrape);
            assertEquals(1, sample(scrape, "livemap_commands_total", "command=\"setmap\",kind=\"slash\",outcome=\"refused\""));
            assertEquals(1, sample(scrape, "livemap_commands_total", "command=\"setmap\",kind=\"slash\",outcome=\"ok\""));
            assertEquals(1, sample(scrape, "livemap_commands_total", "command=\"setmap\",kind=\"button\",outcome=\"ok\""));
            assertEquals(1, sample(scrape, "livemap_conflicts_total", "kind=\"fields\""));
            assertTrue(sample(scrape, "livemap_sonoran_calls_seconds_count",
                    "operation=\"list_servers\",outcome=\"ok\"") >= 2, "the /servers read and Confirm's re-read");
            assertEquals(1, sample(scrape, "livemap_sonoran_calls_seconds_count",
                    "operation=\"get_version\",outcome=\"ok\""));
            assertEquals(0, sample(scrape, "livemap_sonoran_calls_seconds_count",
                    "operation=\"replace_servers\",outcome=\"ok\""), "nothing written");
            // Every interaction above was acknowledged once: four, each timed into the histogram.
            assertEquals(4, sample(scrape, "livemap_ack_latency_seconds_count", ""));
            assertEquals(4, sample(scrape, "livemap_ack_latency_seconds_bucket", "le=\"3.0\""));
            assertTrue(sample(scrape, "livemap_store_calls_seconds_count",
                    "operation=\"storing_preview\",outcome=\"ok\"") >= 1, scrape);
            assertEquals(1, sample(scrape, "livemap_guilds", ""));
            assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM basics");
            assertTrue(scrape.contains("jvm_threads_live_threads "));
            assertTrue(scrape.contains("process_uptime_seconds "));
            assertTrue(scrape.contains("jvm_gc_"));

            for (String secret : List.of(FakeJda.TOKEN, h.sonoran.apiKey())) {
                assertFalse(scrape.contains(secret), "a secret in the scrape");
            }
            for (long id : List.of(VIEWER, STRANGER, EDITOR, FakeDiscord.DEFAULT_GUILD_ID, h.discord.botUserId())) {
                assertFalse(scrape.contains(Long.toString(id)), "an id in the scrape: " + id);
            }
            assertFalse(scrape.contains(h.sonoran.communityId()), "the community id");
            assertFalse(scrape.contains("127.0.0.1:"), "no URL");

            HttpResponse<String> health = get(port, "/health");
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"up\"}", health.body());
            assertEquals("application/json", health.headers().firstValue("Content-Type").orElse(""));
            assertEquals(404, get(port, "/").statusCode());
        }
        assertFalse(listening(port), "stopped at shutdown");
    }

    @Test
    void healthIs503NamingTheStoreWhenTheDatabaseIsGone() throws Exception {
        int port = freePort();
        try (BotHarness h = withMetrics(port)) {
            assertEquals(200, get(port, "/health").statusCode());

            h.bot.store().close();

            HttpResponse<String> health = get(port, "/health");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().startsWith("{\"status\":\"down\",\"reasons\":[\"store: "), health.body());
            assertFalse(health.body().contains("gateway"), "the gateway is fine: " + health.body());
        }
    }

    @Test
    void healthIs503NamingTheStoreWhenPostgresqlStopsAnswering() throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        try (TestDatabase database = TestDatabase.create(Kind.POSTGRESQL, dir)) {
            URI target = URI.create(database.settings().url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort())
                    .start()) {
                String viaProxy = database.settings().url()
                        .replace("//" + target.getRawAuthority() + "/", "//127.0.0.1:" + proxy.port() + "/");
                int port = freePort();
                try (BotHarness h = BotHarness.builder()
                        .env(ConfigKey.METRICS_PORT.envName(), Integer.toString(port))
                        .env(ConfigKey.STORE_URL.envName(), viaProxy)
                        .env(ConfigKey.STORE_USER.envName(), database.settings().user())
                        .env(ConfigKey.STORE_PASSWORD.envName(), database.settings().password().reveal())
                        .start()) {
                    assertEquals(200, get(port, "/health").statusCode());

                    proxy.stop();
                    long started = System.nanoTime();
                    HttpResponse<String> health = get(port, "/health");
                    Duration took = Duration.ofNanos(System.nanoTime() - started);

                    assertEquals(503, health.statusCode(), health.body());
                    assertTrue(health.body().contains("\"store: "), health.body());
                    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "bounded: " + took);
                    String password = TestDatabase.password();
                    assertFalse(!password.isEmpty() && health.body().contains(password), "no password");
                    String scrape = get(port, "/metrics").body();
                    assertFalse(!password.isEmpty() && scrape.contains(password), "no password in the scrape");

                    proxy.start();
                    assertEquals(200, awaitStatus(port, 200).statusCode());
                }
            }
        }
    }

    @Test
    void healthIs503NamingTheGatewayWhenDisconnected() throws Exception {
        int port = freePort();
        try (BotHarness h = withMetrics(port)) {
            assertEquals(200, get(port, "/health").statusCode());

            h.discord.dropConnection(4004); // authentication failed: JDA does not reconnect

            HttpResponse<String> health = awaitStatus(port, 503);
            assertTrue(health.body().startsWith("{\"status\":\"down\",\"reasons\":[\"gateway: shard 0 is "),
                    health.body());
            assertFalse(health.body().contains("store"), health.body());
        }
    }

    @Test
    void bindsToLoopbackByDefault() throws Exception {
        int port = freePort();
        try (BotHarness h = withMetrics(port)) {
            assertEquals(InetAddress.getByName("127.0.0.1"), h.bot.monitoring().address().orElseThrow().getAddress());
        }
    }

    @Test
    void aPortInUseStopsStartUpNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AssertionError failed = assertThrows(AssertionError.class, () -> withMetrics(taken.getLocalPort()));
            assertTrue(failed.getMessage().contains("metrics.port (METRICS_PORT)"), failed.getMessage());
            assertTrue(failed.getMessage().contains(":" + taken.getLocalPort()), failed.getMessage());
        }
    }

    @Test
    void withThePortAtZeroNothingListens() {
        try (BotHarness h = BotHarness.start()) {
            assertTrue(h.bot.monitoring().port().isEmpty());
            assertTrue(h.bot.monitoring().address().isEmpty());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("metrics-http")), "no metrics server thread");
        }
    }

    private static HttpResponse<String> awaitStatus(int port, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = get(port, "/health");
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = get(port, "/health");
        }
        return last;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
