package livemapbot.cad;

import livemapbot.cad.CadClientTestSupport.LogCapture;
import livemapbot.cad.CadClientTestSupport.RecordingSleeper;
import livemapbot.cad.CadException.Kind;
import livemapbot.config.ApiVersion;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static livemapbot.cad.CadClientTestSupport.KEY;
import static livemapbot.cad.CadClientTestSupport.bodyJson;
import static livemapbot.cad.CadClientTestSupport.client;
import static livemapbot.cad.CadClientTestSupport.json;
import static livemapbot.cad.CadClientTestSupport.problem;
import static livemapbot.cad.CadClientTestSupport.take;
import static livemapbot.cad.CadClientTestSupport.text;
import static livemapbot.cad.CadClientTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V2CadClientTest {
    private static final String V2_SERVERS = """
            {"servers":[{"id":1,"name":"Server 1","description":"","signal":null,"mapUrl":"","mapIp":"10.0.0.1",
             "differingOutbound":false,"outboundIp":"","listenerPort":"30120","enableMap":true,"mapType":"NORMAL",
             "isStatic":false,"liveMapFormat":0}]}""";

    private MockWebServer server;
    private RecordingSleeper sleeper;
    private CadClient cad;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        sleeper = new RecordingSleeper();
        cad = client(server, ApiVersion.V2, sleeper);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listSendsGetWithBearerKey() throws Exception {
        server.enqueue(json(200, V2_SERVERS));

        List<ServerEntry> servers = cad.listServers();

        RecordedRequest request = take(server);
        assertEquals("GET /v2/general/servers HTTP/1.1", request.getRequestLine());
        assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
        assertEquals("application/json", request.getHeaders().get("Accept"));
        assertEquals(0, request.getBodySize());
        assertEquals(1, servers.size());
        assertFalse(servers.get(0).has("mapPort"));
        assertEquals("0", servers.get(0).unknownFields().get("liveMapFormat").asText());
    }

    @Test
    void replaceSendsPutWithServersAndDeployFlag() throws Exception {
        server.enqueue(json(200, V2_SERVERS));
        server.enqueue(json(200, V2_SERVERS));

        List<ServerEntry> servers = cad.listServers();
        cad.replaceServers(servers, true);

        take(server);
        RecordedRequest request = take(server);
        assertEquals("PUT /v2/general/servers HTTP/1.1", request.getRequestLine());
        assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
        assertEquals("application/json", request.getHeaders().get("Accept"));
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        com.fasterxml.jackson.databind.node.ObjectNode expected =
                (com.fasterxml.jackson.databind.node.ObjectNode) tree(V2_SERVERS);
        expected.put("deployMap", true);
        assertEquals(expected, bodyJson(request));
    }

    @Test
    void replaceWritesNumericPortsBackAsStrings() throws Exception {
        server.enqueue(json(200, "{\"servers\":[{\"id\":3,\"listenerPort\":30120}]}"));
        server.enqueue(json(200, "{\"servers\":[{\"id\":3,\"listenerPort\":\"30120\"}]}"));

        cad.replaceServers(cad.listServers(), false);

        take(server);
        assertEquals(tree("{\"servers\":[{\"id\":3,\"listenerPort\":\"30120\"}],\"deployMap\":false}"),
                bodyJson(take(server)));
    }

    @Test
    void replaceAcceptsNoContent() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());

        cad.replaceServers(List.of(ServerEntry.of(1, "x")), false);

        assertEquals(1, server.getRequestCount());
    }

    @Test
    void versionPrefersTheName() throws Exception {
        server.enqueue(json(200, "{\"version\":2,\"name\":\"PLUS\"}"));

        CadPlan plan = cad.plan();

        RecordedRequest request = take(server);
        assertEquals("GET /v2/general/version HTTP/1.1", request.getRequestLine());
        assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
        assertEquals(CadPlan.PLUS, plan.level());
        assertEquals("PLUS", plan.name());
    }

    @Test
    void versionWithOnlyANumberUsesTheNumber() throws Exception {
        server.enqueue(json(200, "{\"version\":2}"));

        assertEquals(CadPlan.ofLevel(2), cad.plan());
    }

    @Test
    void unauthorizedIsInvalidCredentialsWithProblemDetailInTheLog() {
        server.enqueue(problem(401, """
                {"type":"https://httpstatuses.io/401","title":"Unauthorized","status":401,
                 "detail":"Missing Authorization header.","traceId":"00-abc-def-00"}"""));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.INVALID_CREDENTIALS, e.kind());
        assertTrue(e.userMessage().contains("sonoran.apiKey"), e.userMessage());
        assertTrue(e.getMessage().contains("Unauthorized"), e.getMessage());
        assertTrue(e.getMessage().contains("Missing Authorization header."), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"The API is not enabled for this community.", "Your plan does not include this endpoint."})
    void forbiddenNotEnabledIsNotEnabled(String detail) {
        server.enqueue(problem(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"" + detail + "\"}"));
        server.enqueue(problem(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"" + detail + "\"}"));

        CadException read = assertThrows(CadException.class, cad::listServers);
        CadException write = assertThrows(CadException.class, () -> cad.replaceServers(List.of(), false));

        assertEquals(Kind.NOT_ENABLED, read.kind());
        assertEquals(Kind.NOT_ENABLED, write.kind());
        assertTrue(read.userMessage().contains("Standard"), read.userMessage());
        assertTrue(write.userMessage().contains("Plus"), write.userMessage());
        assertTrue(read.getMessage().contains(detail), read.getMessage());
    }

    @Test
    void otherForbiddenIsUnexpectedWithTitleAndDetail() {
        server.enqueue(problem(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"IP address blocked.\"}"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("Forbidden: IP address blocked."), e.getMessage());
    }

    @Test
    void notFoundIsUnexpectedWithTitleAndDetailAndUrlAdvice() {
        server.enqueue(problem(404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"No route for /v2/general/servers\"}"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertTrue(e.getMessage().contains("Not Found"), e.getMessage());
        assertTrue(e.getMessage().contains("No route for /v2/general/servers"), e.getMessage());
        assertTrue(e.userMessage().contains("sonoran.apiUrl"), e.userMessage());
        assertEquals(1, server.getRequestCount(), "a 404 is not retried");
    }

    @Test
    void v1ErrorTextFromAV2EndpointIsStillRecognised() {
        server.enqueue(text(400, "INVALID API KEY"));

        assertEquals(Kind.INVALID_CREDENTIALS, assertThrows(CadException.class, cad::plan).kind());
    }

    @Test
    void rateLimitBodyAndRetryAfterGiveRateLimited() {
        MockResponse limited = new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .setHeader("Retry-After", "4").body("{\"message\":\"API rate limit exceeded\",\"request_id\":\"r-1\"}")
                .build();
        server.enqueue(limited);
        server.enqueue(limited);
        server.enqueue(limited);

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(4), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().contains("API rate limit exceeded"), e.getMessage());
        assertTrue(e.userMessage().contains("4 s"), e.userMessage());
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), sleeper.waits);
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void backendServiceReachedIsUnexpected() {
        server.enqueue(text(200, "Sonoran CAD: Backend Service Reached"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.userMessage().contains("sonoran.apiUrl"), e.userMessage());
    }

    @Test
    void jsonServedAsTextPlainIsStillRead() throws Exception {
        server.enqueue(text(200, V2_SERVERS));

        assertEquals("Server 1", cad.listServers().get(0).name());
    }

    @Test
    void malformedJsonIsUnexpected() {
        server.enqueue(json(200, "{\"servers\":[}"));

        assertEquals(Kind.UNEXPECTED_RESPONSE, assertThrows(CadException.class, cad::listServers).kind());
    }

    @Test
    void anEchoedAuthorizationHeaderIsMasked() {
        String shortKey = "Zt4Wq";
        CadClient echoed = client(server, ApiVersion.V2, shortKey, Duration.ofSeconds(5), sleeper);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return problem(400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Bad header: "
                        + request.getHeaders().get("Authorization") + "\"}");
            }
        });

        try (LogCapture logs = new LogCapture()) {
            CadException e = assertThrows(CadException.class, echoed::listServers);

            assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
            assertTrue(e.getMessage().contains("Bad header: Bearer ****"), e.getMessage());
            assertFalse(e.getMessage().contains(shortKey));
            assertFalse(e.userMessage().contains(shortKey));
            assertFalse(logs.allText().contains(shortKey));
        }
    }
}
