package livemapbot.cad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.CadException.Kind;
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
import java.util.Optional;

/**
 * Sonoran's v2 API: {@code GET/PUT {apiUrl}/v2/general/servers}, {@code GET …/v2/general/version},
 * the API key as a Bearer token (it identifies the community), errors as
 * {@code application/problem+json}.
 */
public final class V2CadClient implements CadClient {
    private static final Logger log = LoggerFactory.getLogger(V2CadClient.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final HttpUrl apiUrl;
    private final Secret apiKey;
    private final CadTransport transport;
    private final CadReplies replies;

    V2CadClient(String apiUrl, Secret apiKey, CadTransport transport) {
        this.apiUrl = HttpUrl.get(apiUrl);
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
        HttpReply reply = call(CadOperation.LIST_SERVERS, request("servers").get().build());
        return replies.readServers(reply, CadOperation.LIST_SERVERS);
    }

    @Override
    public void replaceServers(List<ServerEntry> servers, boolean deployMap) throws CadException {
        String json;
        try {
            json = CadReplies.JSON.writeValueAsString(CadReplies.replaceBody(servers, deployMap));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the server list", e);
        }
        HttpReply reply = call(CadOperation.REPLACE_SERVERS,
                request("servers").put(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), JSON_TYPE)).build());
        if (CadReplies.isBackendServiceReached(reply.body())) {
            throw replies.backendServiceReached(CadOperation.REPLACE_SERVERS);
        }
        // The write succeeded; the echoed list is only checked so an odd answer shows up in the log.
        if (reply.code() != 204) {
            try {
                replies.readServers(reply, CadOperation.REPLACE_SERVERS);
            } catch (CadException e) {
                log.debug("PUT servers answered {} with an unexpected body: {}", reply.code(), e.getMessage());
            }
        }
    }

    @Override
    public CadPlan plan() throws CadException {
        HttpReply reply = call(CadOperation.GET_VERSION, request("version").get().build());
        return replies.readPlan(reply, CadOperation.GET_VERSION);
    }

    private Request.Builder request(String resource) {
        return new Request.Builder()
                .url(apiUrl.newBuilder().addPathSegment("v2").addPathSegment("general")
                        .addPathSegment(resource).build())
                .header("Authorization", "Bearer " + apiKey.reveal())
                .header("Accept", "application/json");
    }

    /** One v2 call; returns only 2xx answers, every error becomes a {@link CadException}. */
    private HttpReply call(CadOperation operation, Request request) throws CadException {
        HttpReply reply = transport.send(request, operation);
        int code = reply.code();
        if (code >= 200 && code < 300) {
            return reply;
        }
        Problem problem = Problem.of(reply);
        String summary = problem.summary(transport, reply);
        String detail = operation + ": HTTP " + code + " " + summary;
        if (code == 401) {
            throw replies.invalidApiKey(detail);
        }
        // v2 may still answer with a v1 error text (in the detail or as plain text).
        Optional<CadException> known = replies.knownErrorText(problem.text(reply), code, operation);
        if (known.isPresent()) {
            throw known.get();
        }
        if (code == 403 && problem.soundsNotEnabled(reply)) {
            throw replies.notEnabled(operation, detail);
        }
        if (code == 404) {
            throw new CadException(Kind.UNEXPECTED_RESPONSE,
                    "Sonoran answered 'not found' for " + request.url().encodedPath()
                            + ": check sonoran.apiUrl, and set sonoran.apiVersion to V1 if your CAD has no v2 API.",
                    detail);
        }
        throw replies.unexpectedStatus(code, reply.body(), operation, summary);
    }

    /** The fields of an RFC 9457 problem body that are worth logging; empty when the body is not one. */
    private record Problem(String title, String detail, String message) {
        static Problem of(HttpReply reply) {
            String text = reply.body().trim();
            if (reply.isJson() || text.startsWith("{")) {
                try {
                    JsonNode tree = CadReplies.JSON.readTree(text);
                    if (tree != null && tree.isObject()) {
                        return new Problem(field(tree, "title"), field(tree, "detail"), field(tree, "message"));
                    }
                } catch (JsonProcessingException e) {
                    // Not a problem document; the raw body is quoted instead.
                }
            }
            return new Problem(null, null, null);
        }

        private static String field(JsonNode tree, String name) {
            JsonNode v = tree.get(name);
            return v == null || v.isNull() ? null : v.asText();
        }

        boolean isEmpty() {
            return title == null && detail == null && message == null;
        }

        /** What the log shows: "title: detail" for a problem, else the bounded body. */
        String summary(CadTransport transport, HttpReply reply) {
            if (isEmpty()) {
                return transport.snippet(reply.body());
            }
            StringBuilder sb = new StringBuilder();
            for (String part : new String[] {title, detail, message}) {
                if (part != null && !part.isBlank()) {
                    sb.append(sb.length() == 0 ? "" : ": ").append(part);
                }
            }
            return transport.snippet(sb.toString());
        }

        String text(HttpReply reply) {
            return isEmpty() ? reply.body() : String.join(" ", nonNull(title), nonNull(detail), nonNull(message));
        }

        boolean soundsNotEnabled(HttpReply reply) {
            String t = text(reply).toLowerCase(Locale.ROOT);
            return t.contains("not enabled") || t.contains("plan") || t.contains("subscription")
                    || t.contains("upgrade") || t.contains("tier");
        }

        private static String nonNull(String s) {
            return s == null ? "" : s;
        }
    }
}
