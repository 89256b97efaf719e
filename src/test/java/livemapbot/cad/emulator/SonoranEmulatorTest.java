package livemapbot.cad.emulator;

import static livemapbot.cad.emulator.EmulatorHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import livemapbot.cad.CadOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SonoranEmulatorTest {
    private SonoranEmulator emulator;
    private EmulatorHttp http;

    @BeforeEach
    void start() {
        emulator = SonoranEmulator.builder().start();
        http = new EmulatorHttp(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void defaultsArePlusWithFourDemoServersAndARandomKey() throws Exception {
        assertEquals(SonoranEmulator.DEFAULT_COMMUNITY_ID, emulator.communityId());
        assertEquals(3, emulator.plan());
        assertTrue(emulator.apiKey().matches("[0-9a-f]{32}"));
        try (SonoranEmulator other = SonoranEmulator.builder().build()) {
            assertNotEquals(emulator.apiKey(), other.apiKey());
        }
        assertTrue(emulator.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"));
        assertEquals(emulator.port(), Integer.parseInt(emulator.baseUrl().substring(emulator.baseUrl().lastIndexOf(':') + 1)));
    }

    @Test
    void demoServersCoverEveryShapeTheBotMustHandle() {
        JsonNode main = emulator.server(1).orElseThrow();
        assertEquals("Main Server", main.get("name").asText());
        assertTrue(main.get("enableMap").asBoolean());
        assertEquals("POSTAL", main.get("mapType").asText());
        assertEquals("30120", main.get("listenerPort").textValue());
        assertTrue(main.get("signal").isNull());
        assertFalse(main.get("isStatic").asBoolean());

        JsonNode training = emulator.server(2).orElseThrow();
        assertFalse(training.get("enableMap").asBoolean());
        assertEquals("NORMAL", training.get("mapType").asText());

        JsonNode nat = emulator.server(3).orElseThrow();
        assertTrue(nat.get("differingOutbound").asBoolean());
        assertFalse(nat.get("outboundIp").asText().isBlank());

        JsonNode event = emulator.server(4).orElseThrow();
        assertEquals(1, event.get("customField").get("a").asInt());
        assertTrue(event.get("listenerPort").isNumber());
        assertTrue(emulator.server(5).isEmpty());
    }

    @Test
    void builderTakesCredentialsPlanAndServers() {
        ArrayNode one = EmulatorJson.array();
        one.addObject().put("id", 9).put("name", "Solo");
        try (SonoranEmulator custom = SonoranEmulator.builder()
                .communityId("c-42").apiKey("k-123456").plan(2).servers(one).start()) {
            assertEquals("c-42", custom.communityId());
            assertEquals("k-123456", custom.apiKey());
            assertEquals(2, custom.plan());
            assertEquals(one, custom.servers());
            one.removeAll();
            assertEquals(1, custom.servers().size(), "the builder copies the list");
        }
        assertThrows(IllegalArgumentException.class, () -> SonoranEmulator.builder().apiKey(" "));
        assertThrows(IllegalArgumentException.class, () -> SonoranEmulator.builder().servers(EmulatorJson.array().add(1)));
    }

    @Test
    void serversReturnsACopy() {
        ArrayNode copy = emulator.servers();
        copy.removeAll();
        emulator.server(1).orElseThrow().put("name", "changed");

        assertEquals(4, emulator.servers().size());
        assertEquals("Main Server", emulator.server(1).orElseThrow().get("name").asText());
    }

    @Test
    void stateHooksChangeWhatTheApiServesWithoutLoggingWrites() {
        emulator.updateServer(2, server -> server.put("enableMap", true).put("listenerPort", "30999"));
        JsonNode served = json(http.v2Get(V2Api.SERVERS_PATH)).get("servers").get(1);
        assertTrue(served.get("enableMap").asBoolean());
        assertEquals("30999", served.get("listenerPort").asText());

        ArrayNode replacement = EmulatorJson.array();
        replacement.addObject().put("id", 5).put("name", "New");
        emulator.setServers(replacement);
        assertEquals(replacement, json(http.v1("/general/get_servers", http.envelope("GET_SERVERS"))).get("servers"));

        assertTrue(emulator.writes().isEmpty());
    }

    @Test
    void updateServerRejectsUnknownIdsAndBrokenEditsAtomically() {
        assertThrows(IllegalArgumentException.class, () -> emulator.updateServer(99, server -> server.put("name", "x")));
        assertThrows(IllegalArgumentException.class, () -> emulator.updateServer(1, server -> {
            server.put("name", "half-done");
            server.remove("id");
        }));
        assertEquals("Main Server", emulator.server(1).orElseThrow().get("name").asText());
    }

    @Test
    void countsCallsPerEndpointAcrossBothApisAndInTotal() {
        http.v1("/general/get_servers", http.envelope("GET_SERVERS"));
        http.v2Get(V2Api.SERVERS_PATH);
        http.get(V2Api.SERVERS_PATH, null); // rejected, but it still reached the endpoint
        http.v1("/general/get_version", http.envelope("GET_VERSION"));
        http.v2Put(V2Api.SERVERS_PATH, "{\"servers\":[{\"id\":1}]}");
        http.get("/", null);

        assertEquals(3, emulator.callCount(CadOperation.LIST_SERVERS));
        assertEquals(1, emulator.callCount(CadOperation.GET_VERSION));
        assertEquals(1, emulator.callCount(CadOperation.REPLACE_SERVERS));
        assertEquals(6, emulator.totalCalls());

        emulator.clearHistory();
        assertEquals(0, emulator.callCount(CadOperation.LIST_SERVERS));
        assertEquals(0, emulator.totalCalls());
        assertTrue(emulator.writes().isEmpty());
        assertEquals(1, emulator.servers().size(), "history is cleared, state is not");
    }

    @Test
    void writeLogKeepsEveryWriteInOrder() {
        http.v2Put(V2Api.SERVERS_PATH, "{\"servers\":[{\"id\":1}],\"deployMap\":false}");
        http.v2Put(V2Api.SERVERS_PATH, "{\"servers\":[{\"id\":2}],\"deployMap\":true}");

        var writes = emulator.writes();
        assertEquals(2, writes.size());
        assertEquals("[{\"id\":1}]", writes.get(0).servers().toString());
        assertFalse(writes.get(0).deployMap());
        assertTrue(writes.get(1).deployMap());
        writes.get(1).servers().removeAll();
        assertEquals(1, emulator.lastWrite().orElseThrow().servers().size(), "recorded writes are immutable");
    }

    @Test
    void failNextAnswersTheNextEndpointCallsThenRecovers() {
        emulator.failNext(2, 503, "Service Unavailable");

        http.get("/", null); // not an endpoint: does not use up a failure
        HttpResponse<String> first = http.v2Get(V2Api.SERVERS_PATH);
        HttpResponse<String> second = http.v1("/general/get_version", http.envelope("GET_VERSION"));
        HttpResponse<String> third = http.v2Get(V2Api.SERVERS_PATH);

        assertEquals(503, first.statusCode());
        assertEquals("Service Unavailable", first.body());
        assertTrue(EmulatorHttp.contentType(first).startsWith("text/plain"));
        assertEquals(503, second.statusCode());
        assertEquals(200, third.statusCode());
    }

    @Test
    void failNextPrecedesAuthAndCanCarryHeaders() {
        emulator.failNext(1, new InjectedFailure(429, "application/json", "{\"message\":\"slow down\"}",
                Map.of("Retry-After", "7")));

        HttpResponse<String> response = http.get(V2Api.SERVERS_PATH, null);

        assertEquals(429, response.statusCode());
        assertEquals("7", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("slow down", json(response).get("message").asText());
        assertEquals(EmulatorHttp.contentType(response), "application/json");
        assertEquals(500, InjectedFailure.of(500, "{\"x\":1}").toResponse().status());
        assertTrue(InjectedFailure.of(500, " {\"x\":1}").contentType().startsWith("application/json"));
    }

    @Test
    void delayHoldsAnswersBack() {
        emulator.setDelay(Duration.ofMillis(300));
        long started = System.nanoTime();

        assertEquals(200, http.v2Get(V2Api.VERSION_PATH).statusCode());

        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300));
        HttpRequest impatient = HttpRequest.newBuilder(http.uri(V2Api.VERSION_PATH))
                .header("Authorization", "Bearer " + emulator.apiKey())
                .timeout(Duration.ofMillis(50))
                .build();
        assertThrows(HttpTimeoutException.class,
                () -> EmulatorHttp.client().send(impatient, HttpResponse.BodyHandlers.ofString()));

        emulator.setDelay(Duration.ZERO);
        assertEquals(200, http.v2Get(V2Api.VERSION_PATH).statusCode());
    }

    @Test
    void awaitCallsWaitsForARequestFromAnotherThread() throws Exception {
        assertFalse(emulator.awaitCalls(CadOperation.LIST_SERVERS, 1, Duration.ofMillis(20)));

        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> http.v2Get(V2Api.SERVERS_PATH));

        assertTrue(emulator.awaitCalls(CadOperation.LIST_SERVERS, 1, Duration.ofSeconds(5)));
        assertEquals(200, call.get(5, TimeUnit.SECONDS).statusCode());
        CompletableFuture.runAsync(() -> http.v2Put(V2Api.SERVERS_PATH, "{\"servers\":[]}"));
        assertTrue(emulator.awaitWrites(1, Duration.ofSeconds(5)));
    }

    @Test
    void closeReleasesThePortPromptlyEvenWithARequestInFlight() throws Exception {
        int port = emulator.port();
        emulator.setDelay(Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> stuck = EmulatorHttp.client().sendAsync(
                HttpRequest.newBuilder(http.uri(V2Api.VERSION_PATH)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(emulator.awaitCalls(CadOperation.GET_VERSION, 1, Duration.ofSeconds(5)), "request in flight");
        long started = System.nanoTime();

        emulator.close();
        emulator.close();

        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3), "close took too long");
        try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, rebound.getLocalPort());
        }
        var failure = assertThrows(Exception.class, () -> stuck.get(5, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof java.io.IOException, String.valueOf(failure.getCause()));
        var refused = assertThrows(java.io.UncheckedIOException.class, () -> http.get("/", null));
        assertTrue(refused.getCause() instanceof ConnectException, String.valueOf(refused.getCause()));
    }

    @Test
    void startIsSingleUse() {
        assertThrows(IllegalStateException.class, emulator::start);
        SonoranEmulator unstarted = SonoranEmulator.builder().build();
        assertThrows(IllegalStateException.class, unstarted::port);
        unstarted.close();
        assertThrows(IllegalStateException.class, unstarted::start);
    }

    @Test
    void sandboxPrintsWhereAndHowToConnect() {
        try (SonoranEmulator sandbox = SonoranEmulator.startSandbox(0)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            sandbox.printSandboxInfo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String printed = bytes.toString(StandardCharsets.UTF_8);

            assertTrue(printed.contains(sandbox.baseUrl()), printed);
            assertTrue(printed.contains("sonoran.communityId=" + sandbox.communityId()), printed);
            assertTrue(printed.contains("sonoran.apiKey=" + sandbox.apiKey()), printed);
            assertTrue(printed.lines().count() >= 3 && printed.lines().count() <= 8, printed);
            assertEquals(200, new EmulatorHttp(sandbox).v2Get(V2Api.SERVERS_PATH).statusCode());
        }
    }
}
