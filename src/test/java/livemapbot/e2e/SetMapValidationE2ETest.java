package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import livemapbot.cad.CadOperation;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 8: invalid /setmap values get one ephemeral message listing every problem. Rules that need
 * only the options are answered without any CAD call; rules that depend on the server as it is now
 * (an outbound IP is required when the server does or will use a differing outbound IP; "already has
 * these settings") need exactly one read, and still never write.
 */
class SetMapValidationE2ETest {
    private static BotHarness h;
    private static ArrayNode initialServers;

    @BeforeAll
    static void start() {
        // No cache: the server-dependent checks must see the emulator's current state each time.
        h = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "0").start();
        initialServers = h.sonoran.servers();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void resetCad() {
        h.sonoran.setServers(initialServers);
        h.sonoran.clearHistory();
    }

    @AfterEach
    void nothingWrittenAndOnlyKnownRoutes() {
        assertEquals(0, h.sonoran.callCount(CadOperation.REPLACE_SERVERS));
        assertTrue(h.sonoran.writes().isEmpty());
        assertNoUnknownRoutes(h);
    }

    // ---- rules checked from the options alone: no CAD call at all

    @Test
    void badMapIp() {
        assertProblems(refusedWithoutCad(Option.string("map-ip", "203.0.113.300")),
                "`map-ip`: `203.0.113.300` is not a valid IPv4 address");
    }

    @Test
    void mapIpWithPort() {
        assertProblems(refusedWithoutCad(Option.string("map-ip", "203.0.113.5:30120")),
                "`map-ip`: give only the address, without `:port`");
    }

    @Test
    void mapIpWithScheme() {
        assertProblems(refusedWithoutCad(Option.string("map-ip", "http://203.0.113.5")),
                "`map-ip`: give only the address, without `http://`");
    }

    /** Issue 8: an address Sonoran cannot reach is refused at once, saying why. */
    @Test
    void mapIpSonoranCannotReach() {
        assertProblems(refusedWithoutCad(Option.string("map-ip", "192.168.1.20"),
                        Option.string("outbound-ip", "localhost")),
                "`map-ip`: `192.168.1.20` is a private network address, which cannot be reached from the internet",
                "`outbound-ip`: `localhost` is a loopback address");
    }

    @Test
    void badOutboundIp() {
        assertProblems(refusedWithoutCad(Option.bool("differing-outbound", true),
                        Option.string("outbound-ip", "game_host.example.com")),
                "`outbound-ip`: a host name may only contain letters, digits, hyphens and dots.");
    }

    @Test
    void badMapUrl() {
        assertProblems(refusedWithoutCad(Option.string("map-url", "ftp://map.example.com")),
                "`map-url`: must start with `http://` or `https://`");
    }

    @Test
    void blankName() {
        assertProblems(refusedWithoutCad(Option.string("name", "   ")), "`name`: must not be blank");
    }

    @Test
    void descriptionLongerThanDiscordAllows() {
        // Discord itself refuses it (the option is registered with max_length 1000); the bot checks again
        // because a client can send anything.
        JsonNode description = registeredOption("setmap", "description");
        assertEquals(1000, description.path("max_length").asInt(), description.toString());
        assertProblems(refusedWithoutCad(Option.string("description", "x".repeat(1001))),
                "`description`: at most 1000 characters (yours has 1001).");
    }

    @Test
    void noSettingAtAll() {
        assertProblems(refusedWithoutCad(), "Give at least one setting to change.");
    }

    @Test
    void everyProblemIsListedInOneMessage() {
        String problems = refusedWithoutCad(
                Option.string("map-ip", "203.0.113.5:30120"),
                Option.string("outbound-ip", "https://198.51.100.7"),
                Option.string("map-url", "not a url"),
                Option.string("name", " "));
        assertProblems(problems,
                "`map-ip`: give only the address, without `:port`",
                "`outbound-ip`: give only the address, without `http://`",
                "`map-url`: must not contain spaces.",
                "`name`: must not be blank");
        assertEquals(4, problems.lines().filter(l -> l.startsWith("• ")).count(), problems);
    }

    // ---- rules that depend on the server as it is now: one read, no write

    @Test
    void differingOutboundWithoutOutboundIpNeedsOneRead() {
        // Server #1 has no outbound IP; whether one is missing depends on the CAD, so the bot reads.
        String problems = refusedAfterOneRead(1, Option.bool("differing-outbound", true));
        assertProblems(problems, "`outbound-ip`: required when `differing-outbound` is true");
    }

    @Test
    void serverThatAlreadyUsesADifferingOutboundIpButHasNoneNeedsOneRead() {
        setOutboundIpBehindTheBotsBack(3, "");
        String problems = refusedAfterOneRead(3, Option.bool("enable-map", false));
        assertProblems(problems, "`outbound-ip`: server #3 uses a differing outbound IP but has none");
    }

    /**
     * Autocomplete values are re-validated on submit: a {@code server} value that is not a server id
     * in the CAD is refused after the read, and nothing is written.
     */
    @Test
    void aServerValueThatIsNoServerIdIsRefusedAtSubmit() {
        String answer = refusedAfterOneRead(99, Option.string("name", "Renamed"));
        assertTrue(answer.contains("There is no server #99"), answer);
    }

    @Test
    void valuesTheServerAlreadyHasNeedOneRead() {
        // Server #1 has its map enabled already: no change, so no preview and no buttons.
        String answer = refusedAfterOneRead(1, Option.bool("enable-map", true));
        assertTrue(answer.contains("Server #1 already has these settings; nothing to change."), answer);
    }

    /** The slash command's immediate ephemeral answer (problems), with no CAD call before or after. */
    private static String refusedWithoutCad(Option... settings) {
        Interaction cmd = h.slash(EDITOR, "setmap", withServer(1, settings));
        Callback answer = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(answer);
        assertEquals(Callback.REPLY, answer.type(), "answered at once, not deferred for a CAD read");
        assertTrue(answer.ephemeral(), answer.data().toString());
        assertEquals(1, answer.data().path("embeds").size(), "one message: " + answer.data());
        assertTrue(answer.data().path("components").isEmpty(), "no buttons: " + answer.data());
        JsonNode embed = answer.data().path("embeds").get(0);
        assertEquals("Nothing changed: fix these first", embed.path("title").asText());
        assertEquals(0, h.sonoran.totalCalls(), "no CAD call for an option-only problem");
        return embed.path("description").asText();
    }

    /** The deferred ephemeral answer after exactly one read of the server list. */
    private static String refusedAfterOneRead(int serverId, Option... settings) {
        Interaction cmd = h.slash(EDITOR, "setmap", withServer(serverId, settings));
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        assertTrue(ack.ephemeral());
        JsonNode message = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0, WAIT);
        assertEquals(1, message.path("embeds").size(), message.toString());
        assertTrue(message.path("components").isEmpty(), "no preview buttons: " + message);
        assertTrue(h.discord.followUps(cmd).isEmpty());
        assertEquals(1, h.sonoran.callCount(CadOperation.LIST_SERVERS), "exactly one read");
        assertEquals(1, h.sonoran.totalCalls());
        return text(message);
    }

    private static void assertProblems(String description, String... expected) {
        for (String problem : expected) {
            assertTrue(description.contains(problem), "expected «" + problem + "» in:\n" + description);
        }
        assertFalse(description.isBlank());
    }

    private static Option[] withServer(int serverId, Option... settings) {
        List<Option> all = new ArrayList<>();
        all.add(Option.integer("server", serverId));
        all.addAll(List.of(settings));
        return all.toArray(Option[]::new);
    }

    /** Makes the emulator's server {@code id} have {@code outboundIp} (behind the bot's back). */
    private static void setOutboundIpBehindTheBotsBack(int id, String outboundIp) {
        h.sonoran.updateServer(id, server -> server.put("outboundIp", outboundIp));
    }

    private static JsonNode registeredOption(String command, String option) {
        for (JsonNode registered : h.discord.registeredCommands()) {
            if (registered.path("name").asText().equals(command)) {
                for (JsonNode o : registered.path("options")) {
                    if (o.path("name").asText().equals(option)) {
                        return o;
                    }
                }
            }
        }
        throw new AssertionError("no option " + option + " registered for /" + command);
    }
}
