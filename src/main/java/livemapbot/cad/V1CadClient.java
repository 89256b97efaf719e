package livemapbot.cad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.CadTransport.HttpReply;
import livemapbot.config.Secret;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Sonoran's v1 API: every call is {@code POST {apiUrl}/general/{type}} with the community id and
 * the API key in the JSON body; errors are HTTP 400 with a plain-text reason.
 */
public final class V1CadClient implements CadClient {
    private static final Logger log = LoggerFactory.getLogger(V1CadClient.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final String SET_SERVERS_OK = "Server config updated";

    private final HttpUrl apiUrl;
    private final String communityId;
    private final Secret apiKey;
    private final CadTransport transport;
    private final CadReplies replies;

    V1CadClient(String apiUrl, String communityId, Secret apiKey, CadTransport transport) {
        this.apiUrl = HttpUrl.get(apiUrl);
        this.communityId = communityId;
        this.apiKey = apiKey;
        this.transport = transport;
        this.replies = new CadReplies(transport);
    }

    /** The transport, for tests that check the derived HTTP client. */
    CadTransport transport() {
        return transport;
    }

    @Override
    public List<ServerEntry> listServers() throws CadException {
        HttpReply reply = call(CadOperation.LIST_SERVERS, "GET_SERVERS", CadReplies.JSON.createArrayNode());
        return replies.readServers(reply, CadOperation.LIST_SERVERS);
    }

    @Override
    public void replaceServers(List<ServerEntry> servers, boolean deployMap) throws CadException {
        HttpReply reply = call(CadOperation.REPLACE_SERVERS, "SET_SERVERS", CadReplies.replaceBody(servers, deployMap));
        if (CadReplies.isBackendServiceReached(reply.body())) {
            throw replies.backendServiceReached(CadOperation.REPLACE_SERVERS);
        }
        if (!isSuccess(reply.body())) {
            // The request was sent and something answered, but not with Sonoran's success: the list
            // may or may not have been replaced. Never retried, never reported as "not made".
            log.warn("set_servers answered {} with an unexpected body: {}", reply.code(),
                    transport.snippet(reply.body()));
            throw WriteOutcomeUnknownException.of("REPLACE_SERVERS: HTTP " + reply.code()
                    + " without \"" + SET_SERVERS_OK + "\": " + transport.snippet(reply.body()), null);
        }
    }

    /** Sonoran's documented {@code Server config updated}, or a JSON object saying {@code "success": true}. */
    private static boolean isSuccess(String body) {
        String text = body.trim();
        if (text.equals(SET_SERVERS_OK)) {
            return true;
        }
        if (text.startsWith("{")) {
            try {
                JsonNode tree = CadReplies.JSON.readTree(text);
                return tree != null && tree.path("success").isBoolean() && tree.path("success").booleanValue();
            } catch (JsonProcessingException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public CadPlan plan() throws CadException {
        HttpReply reply = call(CadOperation.GET_VERSION, "GET_VERSION", CadReplies.JSON.createArrayNode());
        return replies.readPlan(reply, CadOperation.GET_VERSION);
    }

    /** One v1 call; returns only 2xx answers, every error becomes a {@link CadException}. */
    private HttpReply call(CadOperation operation, String type, JsonNode data) throws CadException {
        ObjectNode body = CadReplies.JSON.createObjectNode();
        body.put("id", communityId);
        body.put("key", apiKey.reveal());
        body.put("type", type);
        body.set("data", data);
        String json;
        try {
            json = CadReplies.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // Cannot happen for a tree of plain nodes; no key in the message either way.
            throw new IllegalStateException("cannot serialise the " + type + " request", e);
        }
        Request request = new Request.Builder()
                .url(apiUrl.newBuilder().addPathSegment("general")
                        .addPathSegment(type.toLowerCase(Locale.ROOT)).build())
                .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON_TYPE))
                .build();
        HttpReply reply = transport.send(request, operation);
        int code = reply.code();
        if (code >= 200 && code < 300) {
            // Sonoran's error texts are documented as 400s; a 200 carrying one must still not count as success.
            var known = replies.knownErrorText(reply.body(), code, operation);
            if (known.isPresent() && !reply.body().trim().startsWith("{")) {
                throw known.get();
            }
            return reply;
        }
        if (code >= 400 && code < 500) {
            throw replies.knownErrorText(reply.body(), code, operation)
                    .orElseGet(() -> replies.unexpectedStatus(code, reply.body(), operation, null));
        }
        throw replies.unexpectedStatus(code, reply.body(), operation, null);
    }
}
