package livemapbot.cad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.CadException.Kind;
import livemapbot.cad.CadTransport.HttpReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reading Sonoran's answers, shared by both API versions: JSON bodies (chosen by Content-Type,
 * tolerating JSON served as text), server lists, plans, and the error texts every version may
 * answer with, each turned into a {@link CadException} with a message staff can act on.
 */
final class CadReplies {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final String CREDENTIALS_PLACE = "CAD › Admin › In-Game Integration › API";

    private final CadTransport transport;

    CadReplies(CadTransport transport) {
        this.transport = transport;
    }

    /**
     * {@code {"servers":[…every entry…],"deployMap":bool}}: the payload of a full-list replace, the
     * same for v1 ({@code data}) and v2 (the body).
     */
    static ObjectNode replaceBody(List<ServerEntry> servers, boolean deployMap) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("servers");
        servers.forEach(s -> array.add(s.toJson()));
        body.put("deployMap", deployMap);
        return body;
    }

    /**
     * A wrong path on Sonoran's host answers 200 with this text instead of a 404, so a 200 alone
     * does not mean the call reached the API.
     */
    static boolean isBackendServiceReached(String body) {
        String text = body == null ? "" : body.trim();
        return text.equalsIgnoreCase("Backend Service Reached")
                || text.equalsIgnoreCase("Sonoran CAD: Backend Service Reached");
    }

    CadException backendServiceReached(CadOperation operation) {
        return new CadException(Kind.UNEXPECTED_RESPONSE,
                "Sonoran answered, but not from the CAD API (wrong API URL?). Check sonoran.apiUrl "
                        + "(normally https://api.sonorancad.com) and sonoran.apiVersion.",
                operation + ": HTTP 200 'Backend Service Reached': the request reached Sonoran's host but no API "
                        + "endpoint; sonoran.apiUrl is probably wrong");
    }

    CadException unexpected(CadOperation operation, String detail) {
        return new CadException(Kind.UNEXPECTED_RESPONSE,
                "Sonoran CAD sent an answer the bot does not understand; try again later, and check "
                        + "sonoran.apiUrl if it keeps happening.",
                operation + ": " + detail);
    }

    /**
     * The JSON tree of a successful read. JSON is parsed when the Content-Type says so, and also
     * when a text body looks like JSON (Sonoran has served JSON as text/plain).
     */
    JsonNode readJson(HttpReply reply, CadOperation operation) throws CadException {
        if (isBackendServiceReached(reply.body())) {
            throw backendServiceReached(operation);
        }
        String text = reply.body().trim();
        boolean looksJson = text.startsWith("{") || text.startsWith("[");
        if (!reply.isJson() && !looksJson) {
            throw unexpected(operation, "HTTP " + reply.code() + " with a non-JSON body (Content-Type "
                    + reply.contentType() + "): " + transport.snippet(reply.body()));
        }
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw unexpected(operation, "HTTP " + reply.code() + " with an empty JSON body");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw unexpected(operation, "malformed JSON (" + e.getOriginalMessage() + "): "
                    + transport.snippet(reply.body()));
        }
    }

    /** The entries of a {@code {"servers":[…]}} answer, every entry with an integer id. */
    List<ServerEntry> readServers(HttpReply reply, CadOperation operation) throws CadException {
        JsonNode tree = readJson(reply, operation);
        JsonNode servers = tree.get("servers");
        if (servers == null || !servers.isArray()) {
            throw unexpected(operation, "answer has no \"servers\" array: " + transport.snippet(reply.body()));
        }
        List<ServerEntry> entries = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            try {
                entries.add(ServerEntry.fromJson(servers.get(i)));
            } catch (IllegalArgumentException e) {
                throw unexpected(operation, "servers[" + i + "]: " + e.getMessage());
            }
        }
        return entries;
    }

    /**
     * The plan from {@code get_version}: a bare number (as text or JSON), a numeric string, or an
     * object with {@code version} and/or {@code name}, where the name wins (the v2 example's
     * numbering disagrees with v1's).
     */
    CadPlan readPlan(HttpReply reply, CadOperation operation) throws CadException {
        if (isBackendServiceReached(reply.body())) {
            throw backendServiceReached(operation);
        }
        String text = reply.body().trim();
        if (text.matches("-?\\d{1,9}")) {
            return CadPlan.ofLevel(Integer.parseInt(text));
        }
        JsonNode tree = readJson(reply, operation);
        if (tree.isIntegralNumber() && tree.canConvertToInt()) {
            return CadPlan.ofLevel(tree.intValue());
        }
        if (tree.isTextual() && tree.asText().trim().matches("-?\\d{1,9}")) {
            return CadPlan.ofLevel(Integer.parseInt(tree.asText().trim()));
        }
        if (tree.isObject()) {
            Optional<Integer> level = intOf(tree.get("version"));
            JsonNode name = tree.get("name");
            if (name != null && name.isTextual() && !name.asText().isBlank()) {
                CadPlan plan = CadPlan.ofName(name.asText(), level.orElse(-1));
                if (plan.level() >= 0) {
                    return plan;
                }
            } else if (level.isPresent()) {
                return CadPlan.ofLevel(level.get());
            }
        }
        throw unexpected(operation, "cannot read a plan from: " + transport.snippet(reply.body()));
    }

    private static Optional<Integer> intOf(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return Optional.of(node.intValue());
        }
        if (node.isTextual() && node.asText().trim().matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(node.asText().trim()));
        }
        return Optional.empty();
    }

    /**
     * Sonoran's documented plain-text errors ({@code INVALID API KEY}, {@code … IS NOT ENABLED FOR
     * THIS COMMUNITY}, …), found anywhere in {@code text}; empty when the text is none of them.
     */
    Optional<CadException> knownErrorText(String text, int status, CadOperation operation) {
        String upper = text == null ? "" : text.toUpperCase(Locale.ROOT);
        String detail = operation + ": HTTP " + status + " " + transport.snippet(text);
        if (upper.contains("INVALID API KEY")) {
            return Optional.of(invalidApiKey(detail));
        }
        if (upper.contains("INVALID COMMUNITY ID")) {
            return Optional.of(new CadException(Kind.INVALID_CREDENTIALS,
                    "Sonoran does not know this community id: copy it again from " + CREDENTIALS_PLACE
                            + " into sonoran.communityId.",
                    detail));
        }
        if (upper.contains("IS NOT ENABLED FOR THIS COMMUNITY")) {
            return Optional.of(notEnabled(operation, detail));
        }
        if (upper.contains("INVALID REQUEST TYPE")) {
            return Optional.of(new CadException(Kind.INVALID_REQUEST_TYPE,
                    "Sonoran did not recognise the bot's request. Check that sonoran.apiUrl and "
                            + "sonoran.apiVersion match your CAD, or update the bot.",
                    detail));
        }
        return Optional.empty();
    }

    CadException invalidApiKey(String detail) {
        return new CadException(Kind.INVALID_CREDENTIALS,
                "Sonoran rejected the API key: copy it again from " + CREDENTIALS_PLACE + " into sonoran.apiKey.",
                detail);
    }

    CadException notEnabled(CadOperation operation, String detail) {
        String need = operation == CadOperation.REPLACE_SERVERS
                ? "changing servers or deploying the map needs the Plus plan or higher"
                : "viewing servers needs the Standard plan or higher (changing them needs Plus)";
        return new CadException(Kind.NOT_ENABLED,
                "Sonoran says this API is not enabled for the community: " + need
                        + ". Check the plan and that the API is enabled in " + CREDENTIALS_PLACE + ".",
                detail);
    }

    /** Any other 4xx: the status and a bounded quote of the body for the log. */
    CadException unexpectedStatus(int status, String body, CadOperation operation, String summary) {
        return new CadException(Kind.UNEXPECTED_RESPONSE,
                "Sonoran CAD refused the request (HTTP " + status + "). Check sonoran.apiUrl and sonoran.apiVersion; "
                        + "the log has the details.",
                operation + ": HTTP " + status + " " + (summary != null ? summary : transport.snippet(body)));
    }
}
