package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import livemapbot.cad.CadOperation;
import livemapbot.cad.CadPlan;
import livemapbot.config.ApiVersion;

/**
 * Sonoran's v1 API: {@code POST /general/{type}} with {@code {id,key,type,data}} in the body and
 * plain-text 400s. The checks run in the order the real API runs them, so a request that is wrong
 * in two ways gets the same complaint it would get from Sonoran.
 */
final class V1Api {
    static final String INVALID_REQUEST_TYPE = "INVALID REQUEST TYPE";
    static final String INVALID_COMMUNITY_ID = "INVALID COMMUNITY ID";
    static final String INVALID_API_KEY = "INVALID API KEY";
    static final String API_NOT_ENABLED = "API IS NOT ENABLED FOR THIS COMMUNITY";
    static final String ENDPOINT_NOT_ENABLED = "API ENDPOINT IS NOT ENABLED FOR THIS COMMUNITY";
    static final String SERVER_CONFIG_UPDATED = "Server config updated";

    private static final Map<String, CadOperation> OPERATIONS_BY_PATH = Map.of(
            "/general/get_servers", CadOperation.LIST_SERVERS,
            "/general/set_servers", CadOperation.REPLACE_SERVERS,
            "/general/get_version", CadOperation.GET_VERSION);

    private final EmulatorState state;

    V1Api(EmulatorState state) {
        this.state = state;
    }

    /** The endpoint a request addresses; empty for anything the v1 API does not serve. */
    static Optional<CadOperation> operationFor(String method, String path) {
        if (!"POST".equals(method)) {
            return Optional.empty();
        }
        return Optional.ofNullable(OPERATIONS_BY_PATH.get(path));
    }

    static String typeOf(CadOperation operation) {
        return switch (operation) {
            case LIST_SERVERS -> "GET_SERVERS";
            case REPLACE_SERVERS -> "SET_SERVERS";
            case GET_VERSION -> "GET_VERSION";
        };
    }

    static int requiredPlan(CadOperation operation) {
        return switch (operation) {
            case LIST_SERVERS -> CadPlan.STANDARD;
            case REPLACE_SERVERS -> CadPlan.PLUS;
            // get_version is free, but a community on the free plan has no API at all.
            case GET_VERSION -> 1;
        };
    }

    EmulatorResponse handle(CadOperation operation, String contentType, String body) {
        // Sonoran parses JSON bodies only; anything else arrives as an empty body without a type.
        Optional<JsonNode> parsed = isJson(contentType) ? EmulatorJson.parse(body) : Optional.empty();
        if (parsed.isEmpty() || !hasEnvelope(parsed.get())) {
            return badRequest(INVALID_REQUEST_TYPE);
        }
        JsonNode request = parsed.get();
        if (!typeOf(operation).equals(request.get("type").asText())) {
            return badRequest(INVALID_REQUEST_TYPE);
        }
        if (!state.communityId().equals(request.get("id").asText())) {
            return badRequest(INVALID_COMMUNITY_ID);
        }
        if (!state.apiKey().equals(request.get("key").asText())) {
            return badRequest(INVALID_API_KEY);
        }
        OptionalLong retryAfter = state.takeRateBudget(operation);
        if (retryAfter.isPresent()) {
            return Problems.rateLimited(retryAfter.getAsLong());
        }
        int plan = state.plan();
        if (plan <= 0) {
            return badRequest(API_NOT_ENABLED);
        }
        if (plan < requiredPlan(operation)) {
            return badRequest(ENDPOINT_NOT_ENABLED);
        }
        return switch (operation) {
            case LIST_SERVERS -> EmulatorResponse.json(200, EmulatorJson.serversDocument(state.servers()));
            case REPLACE_SERVERS -> replace(request.path("data"), body);
            case GET_VERSION -> EmulatorResponse.text(200, Integer.toString(plan));
        };
    }

    private EmulatorResponse replace(JsonNode data, String body) {
        JsonNode servers = data.get("servers");
        JsonNode deployMap = data.path("deployMap");
        // The real API's answer to a malformed data block is undocumented; the emulator is strict
        // on purpose so a client bug (a string "true", a missing list) fails a test here.
        if (!EmulatorJson.isServerList(servers) || !(deployMap.isMissingNode() || deployMap.isBoolean())) {
            return badRequest(INVALID_REQUEST_TYPE);
        }
        state.acceptWrite(ApiVersion.V1, (ArrayNode) servers, deployMap.asBoolean(false), body);
        return EmulatorResponse.text(200, SERVER_CONFIG_UPDATED);
    }

    private static boolean hasEnvelope(JsonNode request) {
        return request.isObject()
                && isScalar(request.get("id"))
                && isScalar(request.get("key"))
                && isScalar(request.get("type"));
    }

    private static boolean isScalar(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull();
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    private static EmulatorResponse badRequest(String text) {
        return EmulatorResponse.text(400, text);
    }
}
