package livemapbot.cad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static livemapbot.cad.CadClientTestSupport.COMMUNITY;
import static livemapbot.cad.CadClientTestSupport.KEY;
import static livemapbot.cad.CadClientTestSupport.bodyJson;
import static livemapbot.cad.CadClientTestSupport.client;
import static livemapbot.cad.CadClientTestSupport.json;
import static livemapbot.cad.CadClientTestSupport.take;
import static livemapbot.cad.CadClientTestSupport.text;
import static livemapbot.cad.CadClientTestSupport.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V1CadClientTest {
    static final String DOC_SERVERS = """
            {"servers":[{"id":1,"name":"Server 1","description":"Default server description","signal":null,
             "mapUrl":"https://example.invalid/map/index.html","mapIp":"123.456.78.9","mapPort":"30121",
             "differingOutbound":false,"outboundIp":"","listenerPort":"30120","enableMap":false,"mapType":"POSTAL",
             "isStatic":false}]}""";

    private MockWebServer server;
    private RecordingSleeper sleeper;
    private CadClient cad;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        sleeper = new RecordingSleeper();
        cad = client(server, ApiVersion.V1, sleeper);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getServersSendsTheDocumentedRequest() throws Exception {
        server.enqueue(json(200, DOC_SERVERS));

        List<ServerEntry> servers = cad.listServers();

        RecordedRequest request = take(server);
        assertEquals("POST /general/get_servers HTTP/1.1", request.getRequestLine());
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals(tree("{\"id\":\"" + COMMUNITY + "\",\"key\":\"" + KEY + "\",\"type\":\"GET_SERVERS\",\"data\":[]}"),
                bodyJson(request));
        assertEquals(1, servers.size());
        ServerEntry entry = servers.get(0);
        assertEquals(1, entry.id());
        assertEquals("Server 1", entry.name());
        assertEquals("30120", entry.listenerPort());
        assertEquals("POSTAL", entry.mapType());
    }

    @Test
    void setServersSendsEveryEntryAndDeployFlag() throws Exception {
        server.enqueue(text(200, "Server config updated"));
        ServerEntry one = ServerEntry.of(1, "One").with(ServerField.LISTENER_PORT, 30120);
        ServerEntry two = ServerEntry.of(2, "Two");

        cad.replaceServers(List.of(one, two), true);

        RecordedRequest request = take(server);
        assertEquals("POST /general/set_servers HTTP/1.1", request.getRequestLine());
        assertEquals("application/json", request.getHeaders().get("Content-Type"));
        assertEquals(tree("{\"id\":\"" + COMMUNITY + "\",\"key\":\"" + KEY + "\",\"type\":\"SET_SERVERS\","
                        + "\"data\":{\"servers\":[{\"id\":1,\"name\":\"One\",\"listenerPort\":\"30120\"},"
                        + "{\"id\":2,\"name\":\"Two\"}],\"deployMap\":true}}"),
                bodyJson(request));
    }

    @Test
    void setServersSendsDeployMapFalse() throws Exception {
        server.enqueue(text(200, "Server config updated"));

        cad.replaceServers(List.of(ServerEntry.of(1, "One")), false);

        assertFalse(bodyJson(take(server)).at("/data/deployMap").booleanValue());
    }

    /**
     * Issue 8: "only `Server config updated` (or a JSON success) is [success]; anything else is an
     * unexpected answer whose outcome is unknown". (This test used to assert that any 200 was success.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"OK, saved", "", "<html>proxy login</html>", "{\"success\":false}"})
    void setServersAnsweredWithAnyOther200IsAWriteOfUnknownOutcome(String body) {
        server.enqueue(text(200, body));

        CadException e = assertThrows(CadException.class,
                () -> cad.replaceServers(List.of(ServerEntry.of(1, "One")), false));

        assertTrue(e instanceof WriteOutcomeUnknownException, e.getClass().getName());
        assertTrue(e.userMessage().contains("may or may not have been applied"), e.userMessage());
        assertTrue(e.userMessage().contains("/servers"), "names what to check: " + e.userMessage());
        assertEquals(1, server.getRequestCount(), "never retried blindly");
        assertEquals(List.of(), sleeper.waits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Server config updated", " Server config updated\n", "{\"success\":true}"})
    void setServersSucceedsOnTheDocumentedTextOrAJsonSuccess(String body) throws Exception {
        server.enqueue(text(200, body));

        cad.replaceServers(List.of(ServerEntry.of(1, "One")), false);

        assertEquals(1, server.getRequestCount());
    }

    @Test
    void getVersionSendsTheDocumentedRequestAndReadsPlainNumber() throws Exception {
        server.enqueue(text(200, "3"));

        CadPlan plan = cad.plan();

        RecordedRequest request = take(server);
        assertEquals("POST /general/get_version HTTP/1.1", request.getRequestLine());
        assertEquals(tree("{\"id\":\"" + COMMUNITY + "\",\"key\":\"" + KEY + "\",\"type\":\"GET_VERSION\",\"data\":[]}"),
                bodyJson(request));
        assertEquals(CadPlan.ofLevel(3), plan);
        assertTrue(plan.canChangeServers());
    }

    @Test
    void getVersionReadsJsonNumberAndObjects() throws Exception {
        server.enqueue(json(200, "2"));
        server.enqueue(json(200, "{\"version\":4}"));
        server.enqueue(json(200, "{\"version\":2,\"name\":\"PLUS\"}"));
        server.enqueue(json(200, "{\"name\":\"standard\"}"));

        assertEquals(CadPlan.ofLevel(2), cad.plan());
        assertEquals(CadPlan.ofLevel(4), cad.plan());
        assertEquals(3, cad.plan().level(), "name wins over the disagreeing number");
        assertEquals(2, cad.plan().level());
    }

    @Test
    void getVersionWithoutAPlanIsUnexpected() {
        server.enqueue(json(200, "{\"foo\":\"bar\"}"));

        CadException e = assertThrows(CadException.class, cad::plan);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
    }

    @Test
    void readsPortsServedAsNumbersOrStringsAndWritesThemBackAsStrings() throws Exception {
        server.enqueue(json(200, """
                {"servers":[{"id":1,"listenerPort":"30120","mapPort":"30121"},
                            {"id":2,"listenerPort":30120,"mapPort":30121}]}"""));
        server.enqueue(text(200, "Server config updated"));

        List<ServerEntry> servers = cad.listServers();
        assertEquals("30120", servers.get(0).listenerPort());
        assertEquals("30120", servers.get(1).listenerPort());
        assertEquals("30121", servers.get(1).mapPort());
        cad.replaceServers(servers, false);

        take(server);
        JsonNode written = bodyJson(take(server)).at("/data/servers");
        for (JsonNode entry : written) {
            assertTrue(entry.get("listenerPort").isTextual(), entry.toString());
            assertEquals("30120", entry.get("listenerPort").textValue());
            assertTrue(entry.get("mapPort").isTextual(), entry.toString());
        }
    }

    @Test
    void unknownFieldsRoundTripUnchanged() throws Exception {
        String served = """
                {"servers":[
                  {"id":1,"name":"Main","signal":null,"listenerPort":30120,"mapPort":"30121","enableMap":true,
                   "futureFlag":true,"liveMapFormat":0,"extra":{"nested":{"list":[1,"two",{"three":3}],"n":null}},
                   "tags":["a","b"],"isStatic":false},
                  {"id":7,"name":"Second","listenerPort":"3232","weird":1.5e3,"empty":{}}
                ],"generatedAt":"ignored"}""";
        server.enqueue(json(200, served));
        server.enqueue(text(200, "Server config updated"));

        cad.replaceServers(cad.listServers(), false);

        take(server);
        JsonNode written = bodyJson(take(server)).at("/data/servers");
        ArrayNode expected = (ArrayNode) tree(served).get("servers").deepCopy();
        ((ObjectNode) expected.get(0)).put("listenerPort", "30120");
        assertEquals(expected, written);
        assertEquals(List.of("id", "name", "signal", "listenerPort", "mapPort", "enableMap", "futureFlag",
                        "liveMapFormat", "extra", "tags", "isStatic"),
                iterableToList(written.get(0).fieldNames()), "field order kept");
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    @Test
    void invalidApiKeyIsInvalidCredentialsWithKeyAdvice() {
        server.enqueue(text(400, "INVALID API KEY"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.INVALID_CREDENTIALS, e.kind());
        assertTrue(e.userMessage().contains("sonoran.apiKey"), e.userMessage());
        assertTrue(e.userMessage().contains("Admin › In-Game Integration › API"), e.userMessage());
        assertTrue(e.getMessage().contains("INVALID API KEY"), e.getMessage());
        assertEquals(1, server.getRequestCount(), "a 400 is not retried");
    }

    @Test
    void invalidCommunityIdIsInvalidCredentialsWithCommunityAdvice() {
        server.enqueue(text(400, "INVALID COMMUNITY ID"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.INVALID_CREDENTIALS, e.kind());
        assertTrue(e.userMessage().contains("sonoran.communityId"), e.userMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"API IS NOT ENABLED FOR THIS COMMUNITY", "API ENDPOINT IS NOT ENABLED FOR THIS COMMUNITY",
            "SERVERS IS NOT ENABLED FOR THIS COMMUNITY"})
    void notEnabledOnReadNamesStandard(String body) {
        server.enqueue(text(400, body));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.NOT_ENABLED, e.kind());
        assertTrue(e.userMessage().contains("Standard"), e.userMessage());
        assertTrue(e.getMessage().contains(body), e.getMessage());
    }

    @Test
    void notEnabledOnWriteNamesPlus() {
        server.enqueue(text(400, "API ENDPOINT IS NOT ENABLED FOR THIS COMMUNITY"));

        CadException e = assertThrows(CadException.class, () -> cad.replaceServers(List.of(), true));

        assertEquals(Kind.NOT_ENABLED, e.kind());
        assertTrue(e.userMessage().contains("Plus"), e.userMessage());
    }

    @Test
    void invalidRequestTypeIsItsOwnKind() {
        server.enqueue(text(400, "INVALID REQUEST TYPE"));

        CadException e = assertThrows(CadException.class, cad::plan);

        assertEquals(Kind.INVALID_REQUEST_TYPE, e.kind());
        assertFalse(e.userMessage().isBlank());
    }

    @ParameterizedTest
    @CsvSource({"400,SOMETHING ELSE WENT WRONG", "404,Cannot POST /general/get_servers", "418,teapot"})
    void otherClientErrorsAreUnexpectedWithStatusAndSnippet(int status, String body) {
        server.enqueue(text(status, body));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains(String.valueOf(status)), e.getMessage());
        assertTrue(e.getMessage().contains(body), e.getMessage());
        assertTrue(e.userMessage().contains(String.valueOf(status)), e.userMessage());
    }

    @Test
    void aLongErrorBodyIsQuotedOnlyInPart() {
        String huge = "X".repeat(10_000);
        server.enqueue(text(400, huge));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertTrue(e.getMessage().length() < 400, "detail length " + e.getMessage().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Backend Service Reached", "Sonoran CAD: Backend Service Reached",
            "  Backend Service Reached\n"})
    void backendServiceReachedIsAWrongUrlNotSuccess(String body) {
        server.enqueue(text(200, body));
        server.enqueue(text(200, body));
        server.enqueue(text(200, body));

        CadException read = assertThrows(CadException.class, cad::listServers);
        CadException write = assertThrows(CadException.class, () -> cad.replaceServers(List.of(), false));
        CadException plan = assertThrows(CadException.class, cad::plan);

        for (CadException e : List.of(read, write, plan)) {
            assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
            assertTrue(e.userMessage().contains("sonoran.apiUrl"), e.userMessage());
            assertTrue(e.userMessage().contains("wrong API URL"), e.userMessage());
        }
    }

    @Test
    void malformedJsonIsUnexpected() {
        server.enqueue(json(200, "{\"servers\":[{\"id\":1,"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void missingServersArrayIsUnexpected() {
        server.enqueue(json(200, "{\"server\":[]}"));

        assertEquals(Kind.UNEXPECTED_RESPONSE, assertThrows(CadException.class, cad::listServers).kind());
    }

    @Test
    void serversThatIsNotAnArrayIsUnexpected() {
        server.enqueue(json(200, "{\"servers\":{\"id\":1}}"));

        assertEquals(Kind.UNEXPECTED_RESPONSE, assertThrows(CadException.class, cad::listServers).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"servers\":[{\"name\":\"no id\"}]}", "{\"servers\":[{\"id\":\"one\"}]}",
            "{\"servers\":[{\"id\":1.5}]}", "{\"servers\":[42]}"})
    void anEntryWithoutAnIntegerIdIsUnexpected(String body) {
        server.enqueue(json(200, body));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("servers[0]"), e.getMessage());
    }

    @Test
    void jsonServedAsTextPlainIsStillRead() throws Exception {
        server.enqueue(text(200, DOC_SERVERS));

        List<ServerEntry> servers = cad.listServers();

        assertEquals(1, servers.size());
        assertEquals("Server 1", servers.get(0).name());
    }

    @Test
    void nonJsonTextForAReadIsUnexpected() {
        server.enqueue(text(200, "<html>hello</html>"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNEXPECTED_RESPONSE, e.kind());
        assertTrue(e.getMessage().contains("non-JSON"), e.getMessage());
    }

    @Test
    void anEmptyServerListIsValid() throws Exception {
        server.enqueue(json(200, "{\"servers\":[]}"));

        assertEquals(List.of(), cad.listServers());
    }

    @Test
    void aDocumentedErrorTextServedWith200IsStillAnError() {
        server.enqueue(text(200, "INVALID API KEY"));

        assertThrows(CadException.class, () -> cad.replaceServers(List.of(), false));
    }

    @Test
    void serverErrorOnReadIsUnavailableAfterRetries() {
        server.enqueue(text(502, "Bad Gateway"));
        server.enqueue(text(502, "Bad Gateway"));
        server.enqueue(text(502, "Bad Gateway"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("Sonoran CAD is not answering; try again in a minute.", e.userMessage());
        assertEquals(3, server.getRequestCount());
    }

    /** A mock Sonoran that quotes the request body back in its error, as a careless backend might. */
    private static Dispatcher echoing(int status, String prefix) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return text(status, prefix + " " + request.getBody().utf8());
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"400,INVALID API KEY", "400,MALFORMED", "403,FORBIDDEN", "500,CRASHED", "429,SLOW DOWN"})
    void theApiKeyNeverAppearsEvenWhenTheServerEchoesIt(int status, String prefix) throws Exception {
        // Shorter than SecretMasker's minimum, so only the client's own masking can hide it.
        String shortKey = "Kq7Zx";
        CadClient echoed = client(server, ApiVersion.V1, shortKey, Duration.ofSeconds(5), sleeper);
        server.setDispatcher(echoing(status, prefix));

        try (LogCapture logs = new LogCapture()) {
            CadException read = assertThrows(CadException.class, echoed::listServers);
            CadException write = assertThrows(CadException.class, () -> echoed.replaceServers(List.of(), false));

            for (CadException e : List.of(read, write)) {
                assertFalse(e.getMessage().contains(shortKey), e.getMessage());
                assertFalse(e.userMessage().contains(shortKey), e.userMessage());
                assertFalse(String.valueOf(e).contains(shortKey), String.valueOf(e));
            }
            assertTrue(read.getMessage().contains(prefix), "the body is still quoted: " + read.getMessage());
            assertFalse(logs.allText().contains(shortKey), logs.allText());
        }
        assertTrue(take(server).getBody().utf8().contains(shortKey), "the key was really sent and echoed");
    }

    @Test
    void anEchoedErrorBodyIsMaskedForTheConfiguredKeyToo() {
        server.setDispatcher(echoing(400, "NOPE"));

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertTrue(e.getMessage().contains("****"), e.getMessage());
    }
}
