package livemapbot.cad.emulator;

import static livemapbot.cad.emulator.EmulatorHttp.contentType;
import static livemapbot.cad.emulator.EmulatorHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import livemapbot.config.ApiVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class V2ApiTest {
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
    void missingAuthorizationIsA401ProblemDocument() {
        HttpResponse<String> response = http.get(V2Api.SERVERS_PATH, null);

        assertUnauthorized(V2Api.MISSING_AUTHORIZATION, response);
    }

    @Test
    void wrongKeyOrSchemeIsAnInvalidApiKey() {
        assertUnauthorized(V2Api.INVALID_API_KEY, http.get(V2Api.SERVERS_PATH, "Bearer wrong"));
        assertUnauthorized(V2Api.INVALID_API_KEY, http.get(V2Api.SERVERS_PATH, "Basic " + emulator.apiKey()));
        assertUnauthorized(V2Api.INVALID_API_KEY, http.get(V2Api.VERSION_PATH, emulator.apiKey()));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertEquals(200, http.get(V2Api.SERVERS_PATH, "bearer " + emulator.apiKey()).statusCode());
    }

    @Test
    void getServersAnswersTheStoredList() {
        HttpResponse<String> response = http.v2Get(V2Api.SERVERS_PATH);

        assertEquals(200, response.statusCode());
        assertTrue(contentType(response).startsWith("application/json"));
        assertEquals(emulator.servers(), json(response).get("servers"));
    }

    @Test
    void putReplacesTheWholeListAndAnswersIt() {
        String servers = "[{\"id\":2,\"name\":\"Kept\",\"liveMapFormat\":0,\"extra\":{\"n\":[1.50,\"x\"]}}]";
        String body = "{\"servers\":" + servers + ",\"deployMap\":true}";

        HttpResponse<String> response = http.v2Put(V2Api.SERVERS_PATH, body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"servers\":" + servers + "}", response.body());
        assertEquals("{\"servers\":" + servers + "}", http.v2Get(V2Api.SERVERS_PATH).body());
        RecordedWrite write = emulator.lastWrite().orElseThrow();
        assertEquals(ApiVersion.V2, write.api());
        assertTrue(write.deployMap());
        assertEquals(servers, write.servers().toString());
        assertEquals(body, write.body());
    }

    @Test
    void putWithoutDeployMapDoesNotDeploy() {
        assertEquals(200, http.v2Put(V2Api.SERVERS_PATH, "{\"servers\":[{\"id\":1}]}").statusCode());
        assertFalse(emulator.lastWrite().orElseThrow().deployMap());
    }

    @Test
    void malformedPutIsA400AndChangesNothing() {
        var before = emulator.servers();
        for (String body : new String[] {"", "nope", "[]", "{\"servers\":{}}", "{\"servers\":[{\"name\":\"x\"}]}",
                "{\"servers\":[],\"deployMap\":\"yes\"}"}) {
            HttpResponse<String> response = http.v2Put(V2Api.SERVERS_PATH, body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(contentType(response).startsWith("application/problem+json"), body);
        }
        assertEquals(before, emulator.servers());
        assertTrue(emulator.writes().isEmpty());
    }

    @Test
    void putThatIsNotJsonIsUnsupported() {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri(V2Api.SERVERS_PATH))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + emulator.apiKey())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"servers\":[]}"))
                .build());

        assertEquals(415, response.statusCode());
        assertEquals(415, json(response).get("status").asInt());
    }

    @Test
    void versionAnswersLevelAndName() {
        JsonNode version = json(http.v2Get(V2Api.VERSION_PATH));
        assertEquals(3, version.get("version").asInt());
        assertEquals("PLUS", version.get("name").asText());

        emulator.setPlan(6);
        assertEquals("SONORAN_ONE", json(http.v2Get(V2Api.VERSION_PATH)).get("name").asText());
    }

    @Test
    void planGatingIsA403() {
        emulator.setPlan(2);
        assertEquals(200, http.v2Get(V2Api.SERVERS_PATH).statusCode());
        HttpResponse<String> write = http.v2Put(V2Api.SERVERS_PATH, "{\"servers\":[]}");
        assertEquals(403, write.statusCode());
        assertEquals("API endpoint is not enabled for this community.", json(write).get("detail").asText());

        emulator.setPlan(0);
        HttpResponse<String> version = http.v2Get(V2Api.VERSION_PATH);
        assertEquals(403, version.statusCode());
        assertEquals("API is not enabled for this community.", json(version).get("detail").asText());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405BeforeAuth() {
        HttpResponse<String> missing = http.get("/v2/general/nope", null);
        assertEquals(404, missing.statusCode());
        assertTrue(contentType(missing).startsWith("application/problem+json"));

        HttpResponse<String> post = http.post(V2Api.SERVERS_PATH, "{}", "application/json");
        assertEquals(405, post.statusCode());
        assertEquals("GET, PUT", post.headers().firstValue("Allow").orElseThrow());
    }

    private static void assertUnauthorized(String detail, HttpResponse<String> response) {
        assertEquals(401, response.statusCode());
        assertTrue(contentType(response).startsWith("application/problem+json"), contentType(response));
        JsonNode problem = json(response);
        assertTrue(problem.get("type").asText().startsWith("https://"));
        assertTrue(problem.get("type").asText().endsWith("/401"));
        assertEquals("Unauthorized", problem.get("title").asText());
        assertEquals(401, problem.get("status").asInt());
        assertEquals(detail, problem.get("detail").asText());
        assertTrue(problem.get("traceId").asText().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
    }
}
