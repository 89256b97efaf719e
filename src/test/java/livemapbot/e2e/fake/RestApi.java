package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The REST half of the fake: translates HTTP requests under {@code /api/v10/} into {@link FakeDiscord} state changes
 * and answers as Discord does, and hands {@code /gateway} upgrades to a new {@link GatewaySession}. Routes it does not
 * know answer 404 and are recorded as {@link FakeDiscord#unknownRoutes()}.
 */
final class RestApi extends Dispatcher {
    private final FakeDiscord fake;

    RestApi(FakeDiscord fake) {
        this.fake = fake;
    }

    /** A response plus whether the route was unknown. */
    private record Answer(MockResponse response, boolean unknownRoute) {
        int status() {
            return response.getCode();
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long receivedNanos = System.nanoTime();
        HttpUrl url = request.getUrl();
        List<String> segments = url.pathSegments();
        if (segments.size() == 1 && segments.get(0).equals("gateway")) {
            return new MockResponse.Builder().webSocketUpgrade(
                    new GatewaySession(fake, fake.socketOf(request.getConnectionIndex()))).build();
        }
        boolean underApi = segments.size() >= 2 && segments.get(0).equals("api") && segments.get(1).equals("v10");
        List<String> path = underApi ? segments.subList(2, segments.size()) : segments;
        String route = String.join("/", path);
        String body = "";
        Answer answer;
        try {
            body = requestBody(request);
            if (!underApi) {
                answer = unknown();
            } else if (!fake.authorized(request.getHeaders().get("Authorization"))) {
                answer = known(error(401, 0, "401: Unauthorized"));
            } else {
                answer = route(request.getMethod(), path, url, body, receivedNanos);
            }
        } catch (RuntimeException e) {
            // A bug in the fake must not look like a network failure to JDA (it would retry), and must fail the test.
            e.printStackTrace();
            answer = new Answer(error(500, 0, "fake Discord failed: " + e), true);
        }
        String query = url.encodedQuery() == null ? "" : url.encodedQuery();
        fake.record(new RecordedCall(request.getMethod(), route, query, body, answer.status(), receivedNanos),
                answer.unknownRoute());
        return answer.response();
    }

    private Answer route(String method, List<String> path, HttpUrl url, String body, long receivedNanos) {
        String[] p = path.toArray(String[]::new);
        String signature = method + " " + shape(p);
        return switch (signature) {
            case "GET users/@me" -> ok(fake.botUserJson());
            case "GET applications/@me" -> ok(fake.applicationJson());
            case "GET users/*" -> fake.findUser(FakeDiscord.parseId(p[1]))
                    .map(m -> ok(FakeGuild.userJson(m.userId(), m.username(), m.bot())))
                    .orElseGet(() -> known(error(404, 10013, "Unknown User")));
            case "GET gateway", "GET gateway/bot" -> ok(gatewayInfo());

            case "PUT applications/*/guilds/*/commands" -> guildCommands(p, g -> ok(fake.overwriteCommands(g.id(), parse(body))));
            case "GET applications/*/guilds/*/commands" -> guildCommands(p, g -> ok(fake.commands(g.id())));
            case "POST applications/*/guilds/*/commands" -> guildCommands(p, g -> ok(fake.upsertCommand(g.id(), parse(body))));
            case "PUT applications/*/commands" -> application(p, () -> ok(fake.overwriteCommands(0, parse(body))));
            case "GET applications/*/commands" -> application(p, () -> ok(fake.commands(0)));
            case "POST applications/*/commands" -> application(p, () -> ok(fake.upsertCommand(0, parse(body))));

            case "POST interactions/*/*/callback" -> callback(p, url, body, receivedNanos);
            case "POST webhooks/*/*" -> webhook(p, () -> fake.followUp(p[2], parse(body))
                    .map(this::ok)
                    .orElseGet(() -> known(error(404, 10015, "Unknown Webhook"))));
            case "GET webhooks/*/*/messages/*", "PATCH webhooks/*/*/messages/*", "DELETE webhooks/*/*/messages/*" ->
                    webhook(p, () -> fake.webhookMessageId(p[2], p[4])
                            .map(messageId -> onMessage(method, messageId, body))
                            .orElseGet(() -> known(error(404, 10008, "Unknown Message"))));

            case "POST channels/*/messages" -> channelPost(FakeDiscord.parseId(p[1]), body);
            case "GET channels/*/messages/*", "PATCH channels/*/messages/*", "DELETE channels/*/messages/*" -> {
                long channelId = FakeDiscord.parseId(p[1]);
                long messageId = FakeDiscord.parseId(p[3]);
                yield fake.isChannelMessage(channelId, messageId)
                        ? onMessage(method, messageId, body)
                        : known(error(404, 10008, "Unknown Message"));
            }
            case "GET channels/*" -> fake.guildOfChannel(FakeDiscord.parseId(p[1]))
                    .map(g -> ok(g.channelJson(g.requireChannel(FakeDiscord.parseId(p[1])))))
                    .orElseGet(() -> known(error(404, 10003, "Unknown Channel")));

            case "GET guilds/*" -> guild(p, g -> ok(g.guildCreateJson()));
            case "GET guilds/*/roles" -> guild(p, g -> ok(g.rolesJson()));
            case "GET guilds/*/channels" -> guild(p, g -> ok(g.channelsJson()));
            case "GET guilds/*/members/*" -> guild(p, g -> g.findMember(FakeDiscord.parseId(p[3]))
                    .map(member -> ok(g.memberJson(member)))
                    .orElseGet(() -> known(error(404, 10007, "Unknown Member"))));
            default -> unknown();
        };
    }

    /** Route patterns, most specific first; {@code *} stands for one path segment (an id or a token). */
    private static final List<String> PATTERNS = List.of(
            "users/@me", "users/*", "gateway", "gateway/bot", "applications/@me",
            "applications/*/guilds/*/commands", "applications/*/commands",
            "interactions/*/*/callback", "webhooks/*/*", "webhooks/*/*/messages/*",
            "channels/*/messages", "channels/*/messages/*", "channels/*",
            "guilds/*", "guilds/*/roles", "guilds/*/channels", "guilds/*/members/*");

    /** {@code applications/123/guilds/456/commands} → {@code applications/STAR/guilds/STAR/commands}, or "?". */
    private static String shape(String[] path) {
        for (String pattern : PATTERNS) {
            String[] parts = pattern.split("/");
            boolean matches = parts.length == path.length;
            for (int i = 0; matches && i < parts.length; i++) {
                matches = parts[i].equals("*") || parts[i].equals(path[i]);
            }
            if (matches) {
                return pattern;
            }
        }
        return "?";
    }

    private Answer callback(String[] p, HttpUrl url, String body, long receivedNanos) {
        long interactionId = FakeDiscord.parseId(p[1]);
        FakeDiscord.CallbackOutcome outcome = fake.interactionCallback(interactionId, p[2], parse(body), receivedNanos);
        return switch (outcome.status()) {
            case UNKNOWN_INTERACTION -> known(error(404, 10062, "Unknown interaction"));
            case ALREADY_ACKNOWLEDGED -> known(error(400, 40060, "Interaction has already been acknowledged."));
            case INVALID -> known(error(400, 50035, "Invalid Form Body"));
            case OK -> {
                if (!"true".equals(url.queryParameter("with_response"))) {
                    yield known(noContent());
                }
                ObjectNode response = Json.object();
                response.set("interaction", outcome.interaction());
                ObjectNode resource = response.putObject("resource").put("type", parse(body).path("type").asInt());
                if (outcome.message() != null) {
                    resource.set("message", outcome.message());
                }
                yield ok(response);
            }
        };
    }

    private Answer onMessage(String method, long messageId, String body) {
        return switch (method) {
            case "GET" -> fake.message(messageId).map(this::ok)
                    .orElseGet(() -> known(error(404, 10008, "Unknown Message")));
            case "PATCH" -> ok(fake.editMessage(messageId, parse(body)));
            case "DELETE" -> {
                fake.deleteMessage(messageId);
                yield known(noContent());
            }
            default -> unknown();
        };
    }

    private Answer channelPost(long channelId, String body) {
        if (fake.guildOfChannel(channelId).isEmpty()) {
            return known(error(404, 10003, "Unknown Channel"));
        }
        JsonNode payload = parse(body);
        if (!fake.botMayPost(channelId, payload)) {
            return known(error(403, 50013, "Missing Permissions"));
        }
        return ok(fake.channelPost(channelId, payload));
    }

    /** Paths with the application id: a wrong one (e.g. the bot user id) is Discord's 404 Unknown Application. */
    private Answer application(String[] p, Supplier<Answer> handler) {
        if (FakeDiscord.parseId(p[1]) != fake.applicationId()) {
            return known(error(404, 10002, "Unknown Application"));
        }
        return handler.get();
    }

    private Answer guildCommands(String[] p, Function<FakeGuild, Answer> handler) {
        return application(p, () -> fake.findGuild(FakeDiscord.parseId(p[3]))
                .map(handler)
                .orElseGet(() -> known(error(404, 10004, "Unknown Guild"))));
    }

    private Answer webhook(String[] p, Supplier<Answer> handler) {
        if (FakeDiscord.parseId(p[1]) != fake.applicationId() || !fake.knowsInteractionToken(p[2])) {
            return known(error(404, 10015, "Unknown Webhook"));
        }
        return handler.get();
    }

    private Answer guild(String[] p, Function<FakeGuild, Answer> handler) {
        return fake.findGuild(FakeDiscord.parseId(p[1]))
                .map(handler)
                .orElseGet(() -> known(error(404, 10004, "Unknown Guild")));
    }

    private ObjectNode gatewayInfo() {
        ObjectNode info = Json.object().put("url", fake.gatewayUrl()).put("shards", fake.recommendedShards());
        info.putObject("session_start_limit").put("total", 1000).put("remaining", 1000)
                .put("reset_after", 0).put("max_concurrency", fake.maxConcurrency());
        return info;
    }

    /** The JSON body; for multipart (messages with files) the {@code payload_json} part, as Discord reads it. */
    private static String requestBody(RecordedRequest request) {
        ByteString bytes = request.getBody();
        if (bytes == null || bytes.size() == 0) {
            return "";
        }
        String contentType = request.getHeaders().get("Content-Type");
        MediaType mediaType = contentType == null ? null : MediaType.parse(contentType);
        if (mediaType != null && "multipart".equals(mediaType.type()) && mediaType.parameter("boundary") != null) {
            try (MultipartReader reader = new MultipartReader(new Buffer().write(bytes), mediaType.parameter("boundary"))) {
                for (MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
                    String disposition = part.headers().get("Content-Disposition");
                    String text = part.body().readUtf8();
                    if (disposition != null && disposition.contains("name=\"payload_json\"")) {
                        return text;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("unreadable multipart body", e);
            }
            return "";
        }
        return bytes.utf8();
    }

    private static JsonNode parse(String body) {
        return body.isEmpty() ? MissingNode.getInstance() : Json.parse(body);
    }

    private Answer ok(JsonNode body) {
        return known(new MockResponse.Builder()
                .code(200)
                .headers(Headers.of("Content-Type", "application/json"))
                .body(Json.write(body))
                .build());
    }

    private static MockResponse noContent() {
        return new MockResponse.Builder().code(204).build();
    }

    private static MockResponse error(int status, int code, String message) {
        return new MockResponse.Builder()
                .code(status)
                .headers(Headers.of("Content-Type", "application/json"))
                .body(Json.write(Json.object().put("code", code).put("message", message)))
                .build();
    }

    private static Answer known(MockResponse response) {
        return new Answer(response, false);
    }

    private static Answer unknown() {
        return new Answer(error(404, 0, "404: Not Found"), true);
    }
}
