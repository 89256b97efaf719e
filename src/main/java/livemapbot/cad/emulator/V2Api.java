package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import livemapbot.cad.CadOperation;
import livemapbot.cad.CadPlan;
import livemapbot.config.ApiVersion;

/**
 * Sonoran's v2 API: {@code GET/PUT /v2/general/servers} and {@code GET /v2/general/version},
 * bearer-key auth and problem-JSON errors. Order: route (404/405), auth (401), rate limit (429),
 * plan (403), body (415/400).
 */
final class V2Api {
    static final String PREFIX = "/v2/";
    static final String SERVERS_PATH = "/v2/general/servers";
    static final String VERSION_PATH = "/v2/general/version";
    static final String MISSING_AUTHORIZATION = "Missing Authorization header.";
    static final String INVALID_API_KEY = "Invalid API key.";

    private final EmulatorState state;

    V2Api(EmulatorState state) {
        this.state = state;
    }

    static boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    static Optional<CadOperation> operationFor(String method, String path) {
        if (SERVERS_PATH.equals(path)) {
            return switch (method) {
                case "GET" -> Optional.of(CadOperation.LIST_SERVERS);
                case "PUT" -> Optional.of(CadOperation.REPLACE_SERVERS);
                default -> Optional.empty();
            };
        }
        if (VERSION_PATH.equals(path) && "GET".equals(method)) {
            return Optional.of(CadOperation.GET_VERSION);
        }
        return Optional.empty();
    }

    EmulatorResponse handle(String method, String path, String authorization, String contentType, String body) {
        Optional<CadOperation> routed = operationFor(method, path);
        if (routed.isEmpty()) {
            return unrouted(path);
        }
        CadOperation operation = routed.get();
        if (authorization == null || authorization.isBlank()) {
            return unauthorized(MISSING_AUTHORIZATION);
        }
        if (!isBearer(authorization, state.apiKey())) {
            return unauthorized(INVALID_API_KEY);
        }
        OptionalLong retryAfter = state.takeRateBudget(operation);
        if (retryAfter.isPresent()) {
            return Problems.rateLimited(retryAfter.getAsLong());
        }
        int plan = state.plan();
        if (plan <= 0) {
            return Problems.problem(403, "Forbidden", "API is not enabled for this community.");
        }
        if (plan < V1Api.requiredPlan(operation)) {
            return Problems.problem(403, "Forbidden", "API endpoint is not enabled for this community.");
        }
        return switch (operation) {
            case LIST_SERVERS -> EmulatorResponse.json(200, EmulatorJson.serversDocument(state.servers()));
            case REPLACE_SERVERS -> replace(contentType, body);
            case GET_VERSION -> version(plan);
        };
    }

    private EmulatorResponse replace(String contentType, String body) {
        if (!V1Api.isJson(contentType)) {
            return Problems.problem(415, "Unsupported Media Type", "Content-Type must be application/json.");
        }
        Optional<JsonNode> parsed = EmulatorJson.parse(body);
        JsonNode servers = parsed.map(request -> request.get("servers")).orElse(null);
        JsonNode deployMap = parsed.map(request -> request.path("deployMap")).orElse(null);
        if (!parsed.map(JsonNode::isObject).orElse(false)
                || !EmulatorJson.isServerList(servers)
                || !(deployMap.isMissingNode() || deployMap.isBoolean())) {
            return Problems.problem(400, "Bad Request",
                    "Body must be {\"servers\":[{\"id\":…},…],\"deployMap\":true|false}.");
        }
        ArrayNode stored = state.acceptWrite(ApiVersion.V2, (ArrayNode) servers, deployMap.asBoolean(false), body);
        return EmulatorResponse.json(200, EmulatorJson.serversDocument(stored));
    }

    private static EmulatorResponse version(int plan) {
        ObjectNode body = EmulatorJson.object();
        body.put("version", plan);
        // CadPlan names use spaces ("SONORAN ONE"); an enum name on the wire has underscores.
        body.put("name", CadPlan.ofLevel(plan).name().replace(' ', '_'));
        return EmulatorResponse.json(200, EmulatorJson.bytes(body));
    }

    private static EmulatorResponse unrouted(String path) {
        if (SERVERS_PATH.equals(path) || VERSION_PATH.equals(path)) {
            String allow = SERVERS_PATH.equals(path) ? "GET, PUT" : "GET";
            return Problems.problem(405, "Method Not Allowed", "Allowed: " + allow + ".").withHeader("Allow", allow);
        }
        return Problems.problem(404, "Not Found", "No endpoint at " + path + ".");
    }

    private static EmulatorResponse unauthorized(String detail) {
        return Problems.problem(401, "Unauthorized", detail).withHeader("WWW-Authenticate", "Bearer");
    }

    private static boolean isBearer(String authorization, String apiKey) {
        String trimmed = authorization.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return false;
        }
        String scheme = trimmed.substring(0, space);
        String token = trimmed.substring(space + 1).trim();
        return scheme.toLowerCase(Locale.ROOT).equals("bearer") && token.equals(apiKey);
    }
}
