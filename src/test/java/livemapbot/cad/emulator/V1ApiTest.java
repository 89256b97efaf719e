package livemapbot.cad.emulator;

import static livemapbot.cad.emulator.EmulatorHttp.contentType;
import static livemapbot.cad.emulator.EmulatorHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import livemapbot.config.ApiVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class V1ApiTest {
    private SonoranEmulator emulator;
    private EmulatorHttp http;

    @BeforeEach
    void start() {
        emulator = SonoranEmulator.builder().communityId("community-1").apiKey("key-abcdef-1").start();
        http = new EmulatorHttp(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void getServersAnswersTheWholeListAsJson() {
        HttpResponse<String> response = http.v1("/general/get_servers", http.envelope("GET_SERVERS"));

        assertEquals(200, response.statusCode());
        assertTrue(contentType(response).startsWith("application/json"), contentType(response));
        assertEquals(emulator.servers(), json(response).get("servers"));
        assertEquals(4, json(response).get("servers").size());
    }

    @Test
    void getVersionAnswersThePlanNumberAsText() {
        HttpResponse<String> response = http.v1("/general/get_version", http.envelope("GET_VERSION"));
        assertEquals(200, response.statusCode());
        assertTrue(contentType(response).startsWith("text/plain"));
        assertEquals("3", response.body());

        emulator.setPlan(4);
        assertEquals("4", http.v1("/general/get_version", http.envelope("GET_VERSION")).body());
    }

    @Test
    void bodyThatIsNotAnEnvelopeIsAnInvalidRequestType() {
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.post("/general/get_servers", "not json", "application/json"));
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.post("/general/get_servers", "", "application/json"));
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.post("/general/get_servers", "[1,2]", "application/json"));

        ObjectNode withoutKey = http.envelope("GET_SERVERS");
        withoutKey.remove("key");
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.v1("/general/get_servers", withoutKey));

        ObjectNode nullId = http.envelope("GET_SERVERS");
        nullId.putNull("id");
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.v1("/general/get_servers", nullId));
    }

    @Test
    void bodyNotSentAsJsonIsNotParsed() {
        String valid = http.envelope("GET_SERVERS").toString();
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.post("/general/get_servers", valid, "text/plain"));
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.post("/general/get_servers", valid, null));
    }

    @Test
    void typeMustMatchThePathAndIsCheckedBeforeCredentials() {
        ObjectNode wrongType = http.envelope("SET_SERVERS");
        wrongType.put("id", "someone-else");
        wrongType.put("key", "wrong");
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.v1("/general/get_servers", wrongType));

        assertBadRequest(V1Api.INVALID_REQUEST_TYPE,
                http.v1("/general/get_version", http.envelope("get_version")));
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE,
                http.v1("/general/set_servers", http.envelope("GET_SERVERS")));
    }

    @Test
    void communityIdIsCheckedBeforeTheKey() {
        ObjectNode both = http.envelope("GET_SERVERS");
        both.put("id", "someone-else");
        both.put("key", "wrong");
        assertBadRequest(V1Api.INVALID_COMMUNITY_ID, http.v1("/general/get_servers", both));

        ObjectNode wrongKey = http.envelope("GET_SERVERS");
        wrongKey.put("key", "wrong");
        assertBadRequest(V1Api.INVALID_API_KEY, http.v1("/general/get_servers", wrongKey));
    }

    @Test
    void keyIsCheckedBeforeThePlan() {
        emulator.setPlan(0);
        ObjectNode wrongKey = http.envelope("GET_VERSION");
        wrongKey.put("key", "wrong");
        assertBadRequest(V1Api.INVALID_API_KEY, http.v1("/general/get_version", wrongKey));
    }

    @Test
    void freePlanHasNoApiAtAll() {
        emulator.setPlan(0);
        for (String type : new String[] {"GET_SERVERS", "SET_SERVERS", "GET_VERSION"}) {
            assertBadRequest(V1Api.API_NOT_ENABLED,
                    http.v1("/general/" + type.toLowerCase(java.util.Locale.ROOT), http.envelope(type)));
        }
    }

    @Test
    void readingNeedsStandardAndWritingNeedsPlus() {
        emulator.setPlan(1);
        assertBadRequest(V1Api.ENDPOINT_NOT_ENABLED, http.v1("/general/get_servers", http.envelope("GET_SERVERS")));
        assertEquals("1", http.v1("/general/get_version", http.envelope("GET_VERSION")).body());

        emulator.setPlan(2);
        assertEquals(200, http.v1("/general/get_servers", http.envelope("GET_SERVERS")).statusCode());
        assertBadRequest(V1Api.ENDPOINT_NOT_ENABLED, http.v1("/general/set_servers", setServers(emulator.servers(), false)));

        emulator.setPlan(3);
        assertEquals(200, http.v1("/general/set_servers", setServers(emulator.servers(), false)).statusCode());
    }

    @Test
    void setServersReplacesTheWholeListKeepingRawJsonVerbatim() {
        String sentServers = "[{\"id\":7,\"name\":\"Only\",\"listenerPort\":30120,\"ratio\":1.10,"
                + "\"nested\":{\"deep\":[1,{\"x\":null}],\"flag\":true},\"signal\":null,\"isStatic\":false}]";
        String body = "{\"id\":\"community-1\",\"key\":\"key-abcdef-1\",\"type\":\"SET_SERVERS\","
                + "\"data\":{\"servers\":" + sentServers + ",\"deployMap\":true}}";

        HttpResponse<String> response = http.post("/general/set_servers", body, "application/json");

        assertEquals(200, response.statusCode());
        assertTrue(contentType(response).startsWith("text/plain"));
        assertEquals(V1Api.SERVER_CONFIG_UPDATED, response.body());
        HttpResponse<String> read = http.v1("/general/get_servers", http.envelope("GET_SERVERS"));
        assertEquals("{\"servers\":" + sentServers + "}", read.body());
        assertEquals(1, emulator.servers().size());

        RecordedWrite write = emulator.lastWrite().orElseThrow();
        assertEquals(ApiVersion.V1, write.api());
        assertTrue(write.deployMap());
        assertEquals(sentServers, write.servers().toString());
        assertEquals(body, write.body());
    }

    @Test
    void deployMapDefaultsToFalse() {
        ObjectNode request = http.envelope("SET_SERVERS");
        request.putObject("data").set("servers", emulator.servers());

        assertEquals(200, http.v1("/general/set_servers", request).statusCode());
        assertFalse(emulator.lastWrite().orElseThrow().deployMap());
    }

    @Test
    void malformedServerDataIsRejectedAndChangesNothing() {
        ArrayNode before = emulator.servers();
        ObjectNode stringFlag = setServers(emulator.servers(), false);
        ((ObjectNode) stringFlag.get("data")).put("deployMap", "true");
        ArrayNode withoutIds = EmulatorJson.array();
        withoutIds.addObject().put("name", "no id");

        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.v1("/general/set_servers", stringFlag));
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.v1("/general/set_servers", setServers(withoutIds, true)));
        assertBadRequest(V1Api.INVALID_REQUEST_TYPE, http.v1("/general/set_servers", http.envelope("SET_SERVERS")));

        assertEquals(before, emulator.servers());
        assertTrue(emulator.writes().isEmpty());
    }

    @Test
    void anyOtherPathOrMethodReachesOnlyTheBackend() {
        for (String path : new String[] {"/", "/general/nope", "/general/get_servers/", "/GENERAL/GET_SERVERS"}) {
            HttpResponse<String> response = http.v1(path, http.envelope("GET_SERVERS"));
            assertEquals(200, response.statusCode(), path);
            assertEquals(SonoranEmulator.BACKEND_SERVICE_REACHED, response.body(), path);
            assertTrue(contentType(response).startsWith("text/plain"), path);
        }
        HttpResponse<String> get = http.get("/general/get_servers", null);
        assertEquals(200, get.statusCode());
        assertEquals(SonoranEmulator.BACKEND_SERVICE_REACHED, get.body());
    }

    private ObjectNode setServers(ArrayNode servers, boolean deployMap) {
        ObjectNode request = http.envelope("SET_SERVERS");
        ObjectNode data = request.putObject("data");
        data.set("servers", servers);
        data.put("deployMap", deployMap);
        return request;
    }

    private static void assertBadRequest(String expected, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(expected, response.body());
        assertTrue(contentType(response).startsWith("text/plain"), contentType(response));
    }

}
