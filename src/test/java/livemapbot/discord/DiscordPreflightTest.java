package livemapbot.discord;

import livemapbot.testing.TestSettings;
import livemapbot.config.ApiVersion;
import livemapbot.config.Settings;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge cases of the pre-flight against a scripted Discord REST API (the happy paths run against the fake). */
class DiscordPreflightTest {
    private static final String TOKEN = "preflight-token-7f3a9c1e";
    private static final long GUILD = 900;
    private static final long BOT = 901;
    private static final long BOT_ROLE = 902;
    private static final long CHANNEL = 950;
    private static final long SEND = 1L << 11;
    private static final long POST = (1L << 10) | SEND | (1L << 14);

    private final MockWebServer server = new MockWebServer();
    private final Map<String, MockResponse> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getUrl().encodedPath().replaceFirst("^/api/v10/", "");
                return routes.getOrDefault(path, json(404, "{\"message\":\"404: Not Found\",\"code\":0}"));
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        routes.put("users/@me", json(200, "{\"id\":\"" + BOT + "\",\"username\":\"MapBot\",\"bot\":true}"));
        routes.put("applications/@me", json(200, "{\"id\":\"903\",\"name\":\"MapBot\"}"));
        guild(0L, "0");
        routes.put("guilds/" + GUILD + "/members/" + BOT, json(200, "{\"roles\":[\"" + BOT_ROLE + "\"]}"));
        channels("[" + channel(CHANNEL, 0, "news", "[]") + "]");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void guild(long botRolePermissions, String ownerId) {
        routes.put("guilds/" + GUILD, json(200, "{\"id\":\"" + GUILD + "\",\"name\":\"RP\",\"owner_id\":\"" + ownerId
                + "\",\"roles\":[{\"id\":\"" + GUILD + "\",\"permissions\":\"" + POST + "\"},"
                + "{\"id\":\"" + BOT_ROLE + "\",\"permissions\":\"" + botRolePermissions + "\"}]}"));
    }

    private void channels(String array) {
        routes.put("guilds/" + GUILD + "/channels", json(200, array));
    }

    private static String channel(long id, int type, String name, String overwrites) {
        return "{\"id\":\"" + id + "\",\"type\":" + type + ",\"name\":\"" + name + "\",\"permission_overwrites\":"
                + overwrites + "}";
    }

    private static String denyEveryone(long deny) {
        return "[{\"id\":\"" + GUILD + "\",\"type\":0,\"allow\":\"0\",\"deny\":\"" + deny + "\"}]";
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private Settings settings(String restUrl, Set<Long> editRoles) {
        return TestSettings.builder().token(TOKEN).guild(GUILD).announceChannel(OptionalLong.of(CHANNEL))
                .restUrl(restUrl).roles(Set.of(), editRoles, Set.of())
                .sonoran("http://127.0.0.1:1", ApiVersion.V1, "c", "api-key-for-preflight").build();
    }

    private DiscordPreflight.Report check() {
        return check(settings(server.url("/api/v10/").toString(), Set.of()));
    }

    private DiscordPreflight.Report check(Settings settings) {
        DiscordPreflight.Report report = new DiscordPreflight(settings, http, "test").check();
        report.problems().forEach(p -> assertFalse(p.contains(TOKEN), p));
        return report;
    }

    @Test
    void sendsTheTokenOnlyAsABotAuthorizationHeader() {
        DiscordPreflight.Report report = check();
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        assertEquals("MapBot", report.login().orElseThrow().botName());
        assertFalse(requests.isEmpty());
        for (RecordedRequest request : requests) {
            assertEquals("Bot " + TOKEN, request.getHeaders().get("Authorization"));
            assertTrue(request.getHeaders().get("User-Agent").startsWith("DiscordBot ("), request.getHeaders().toString());
            assertFalse(request.getUrl().toString().contains(TOKEN));
        }
    }

    @Test
    void aVoiceChannelCanHoldTheAnnouncementButACategoryCannot() {
        channels("[" + channel(CHANNEL, 2, "lounge", "[]") + "]");
        assertTrue(check().problems().isEmpty());

        channels("[" + channel(CHANNEL, 4, "Staff", "[]") + "]");
        List<String> problems = check().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("#Staff (" + CHANNEL + ") is a category"), problems.get(0));
    }

    @Test
    void anAdministratorRoleOverridesEveryDeny() {
        channels("[" + channel(CHANNEL, 0, "news", denyEveryone(POST)) + "]");
        assertEquals(1, check().problems().size());

        guild(1L << 3, "0");
        assertTrue(check().problems().isEmpty(), check().problems().toString());
    }

    @Test
    void theOwnerMayPostAnywhere() {
        channels("[" + channel(CHANNEL, 0, "news", denyEveryone(POST)) + "]");
        guild(0L, Long.toString(BOT));
        assertTrue(check().problems().isEmpty());
    }

    @Test
    void aRoleAllowOnTheChannelRestoresWhatEveryoneLost() {
        channels("[" + channel(CHANNEL, 0, "news", "[{\"id\":\"" + GUILD + "\",\"type\":0,\"allow\":\"0\",\"deny\":\""
                + SEND + "\"},{\"id\":\"" + BOT_ROLE + "\",\"type\":0,\"allow\":\"" + SEND + "\",\"deny\":\"0\"}]") + "]");
        assertTrue(check().problems().isEmpty(), check().problems().toString());
    }

    @Test
    void forbiddenGuildMeansNotAMemberWithTheApplicationsInviteUrl() {
        routes.put("guilds/" + GUILD, json(403, "{\"message\":\"Missing Access\",\"code\":50001}"));
        List<String> problems = check().problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("client_id=903&scope=bot+applications.commands&permissions=19456"),
                problems.get(0));
    }

    @Test
    void withoutTheApplicationTheInviteHintPointsAtThePortal() {
        routes.put("guilds/" + GUILD, json(404, "{\"message\":\"Unknown Guild\",\"code\":10004}"));
        routes.remove("applications/@me");
        String problem = check().problems().get(0);
        assertTrue(problem.contains("not a member of guild " + GUILD), problem);
        assertTrue(problem.contains("OAuth2 › URL Generator"), problem);
    }

    @Test
    void loginFailuresThrowForStartUp() {
        routes.put("users/@me", json(401, "{\"message\":\"401: Unauthorized\",\"code\":0}"));
        DiscordPreflight preflight = new DiscordPreflight(settings(server.url("/api/v10/").toString(), Set.of()),
                http, "test");
        DiscordPreflight.Failure failure = assertThrows(DiscordPreflight.Failure.class, preflight::login);
        assertEquals(DiscordPreflight.BAD_TOKEN, failure.getMessage());
    }

    @Test
    void rateLimitingSaysHowLongToWait() {
        routes.put("users/@me", json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":12.5,"
                + "\"global\":false}"));
        String problem = check().problems().get(0);
        assertTrue(problem.contains("rate-limiting") && problem.contains("12.5 s"), problem);
    }

    @Test
    void aServerErrorOnALaterCallIsOneProblemNamingTheCall() {
        routes.put("guilds/" + GUILD + "/channels", json(502, "{\"message\":\"Bad Gateway\"}"));
        List<String> problems = check().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("HTTP 502 to GET guilds/" + GUILD + "/channels"), problems.get(0));
        assertTrue(problems.get(0).contains("discordstatus.com"), problems.get(0));
    }

    @Test
    void unknownRolesAreListedPerKey() {
        List<String> problems = check(settings(server.url("/api/v10/").toString(), Set.of(BOT_ROLE, 4242L)))
                .problems();
        assertEquals(List.of("access.editRoleIds: there is no role 4242 in RP. Copy the id again (Server Settings › "
                + "Roles › ⋯ › Copy Role ID, with Developer Mode on) or remove it."), problems);
    }

    @Test
    void anUnreachableDiscordIsOneClearProblem() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        DiscordPreflight.Report report = check(settings("http://127.0.0.1:" + closedPort + "/api/v10/", Set.of()));
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).startsWith("Cannot reach Discord at http://127.0.0.1:" + closedPort),
                report.problems().get(0));
        assertTrue(report.login().isEmpty());
    }

    /**
     * Issue 8: a discord.restUrl pointing at some other HTTP server answered 200, {@code check} said
     * "logged in as the bot (0)" and {@code run} then hung. An answer that is not Discord's bot user
     * is a problem naming discord.restUrl, and login() refuses it.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "<!doctype html><html><body>Welcome to nginx!</body></html>",
            "{}",
            "{\"status\":\"ok\"}",
            "{\"id\":0,\"username\":\"x\",\"bot\":true}",
            "{\"id\":\"901\",\"username\":\"someone\"}",
            "{\"id\":\"not-a-snowflake\",\"username\":\"MapBot\",\"bot\":true}",
            "[]"})
    void anAnswerThatIsNotDiscordsBotUserIsAProblemNamingRestUrl(String body) {
        routes.put("users/@me", new MockResponse.Builder().code(200).body(body).build());
        DiscordPreflight.Report report = check();
        assertTrue(report.login().isEmpty(), report.toString());
        assertEquals(1, report.problems().size(), report.problems().toString());
        String problem = report.problems().get(0);
        assertTrue(problem.startsWith("discord.restUrl (DISCORD_REST_URL) " + server.url("/api/v10/")), problem);
        assertTrue(problem.contains("users/@me"), problem);

        DiscordPreflight preflight = new DiscordPreflight(settings(server.url("/api/v10/").toString(), Set.of()),
                http, "test");
        assertThrows(DiscordPreflight.Failure.class, preflight::login);
    }

    /** The same when every path answers 200 with the same page, as a plain web server does. */
    @Test
    void aWebServerAnsweringEveryPathIsRefusedBeforeTheGuild() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                        .body("<html>It works!</html>").build();
            }
        });
        DiscordPreflight.Report report = check();
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).startsWith("discord.restUrl"), report.problems().get(0));
        assertEquals(1, requests.size(), "nothing after users/@me: " + requests);
    }

    /** A bot user, but guilds/{id} answers something that is not that guild. */
    @Test
    void aGuildAnswerForAnotherIdIsAProblemNamingRestUrl() {
        routes.put("guilds/" + GUILD, json(200, "{\"message\":\"hello\"}"));
        String problem = check().problems().get(0);
        assertTrue(problem.startsWith("discord.restUrl") && problem.contains("guilds/" + GUILD), problem);
    }
}
