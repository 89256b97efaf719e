package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.STRANGER;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 12: autocomplete of the {@code server} option through a real JDA, with more servers
 * (40) than Discord accepts as choices (25). Servers 1–30 are "Alpha Patrol N", 31–40 "Bravo Ops N".
 */
class AutocompleteE2ETest {
    private static final int SERVER_COUNT = 40;
    private static final int MAX_CHOICES = 25;

    private static BotHarness h;

    @BeforeAll
    static void start() {
        ArrayNode servers = ScenarioSupport.list(SERVER_COUNT,
                id -> id <= 30 ? "Alpha Patrol " + id : "Bravo Ops " + id, 40);
        h = BotHarness.builder().emulator(e -> e.servers(servers)).start();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @AfterEach
    void noUnknownRoutes() {
        assertTrue(h.discord.unknownRoutes().isEmpty(), h.discord.unknownRoutes().toString());
    }

    @Test
    void aTypedPrefixMatchingMoreThan25ServersGivesExactly25MatchingChoices() {
        List<JsonNode> choices = choices(EDITOR, "setmap", "Alpha");
        assertEquals(MAX_CHOICES, choices.size(), "30 servers match, Discord takes 25: " + choices);
        for (JsonNode choice : choices) {
            int id = choice.path("value").asInt();
            assertTrue(choice.path("value").isIntegralNumber(), "an INTEGER option gets a number: " + choice);
            assertEquals("#" + id + " Alpha Patrol " + id, choice.path("name").asText());
        }
    }

    @Test
    void aPartOfTheNameMatchesCaseInsensitively() {
        List<JsonNode> choices = choices(EDITOR, "setmap", "rAVo");
        assertEquals(10, choices.size(), choices.toString());
        List<Integer> ids = new ArrayList<>();
        for (JsonNode choice : choices) {
            assertTrue(choice.path("name").asText().toLowerCase(Locale.ROOT).contains("ravo"), choice.toString());
            ids.add(choice.path("value").asInt());
        }
        assertEquals(List.of(31, 32, 33, 34, 35, 36, 37, 38, 39, 40), ids);
    }

    @Test
    void anIdPrefixWithHashMatchesOnlyIds() {
        List<Integer> ids = ids(choices(EDITOR, "setmap", "#3"));
        assertEquals(List.of(3, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39), ids);
    }

    @Test
    void digitsWithoutHashMatchIdPrefixesAndNameParts() {
        // "Alpha Patrol 13" and "Alpha Patrol 23" contain "3" in their names.
        List<Integer> ids = ids(choices(EDITOR, "setmap", "3"));
        assertEquals(List.of(3, 13, 23, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39), ids);
    }

    @Test
    void nothingTypedYetOffersTheFirst25() {
        List<JsonNode> choices = choices(EDITOR, "setmap", "");
        assertEquals(MAX_CHOICES, choices.size());
        assertEquals(1, choices.get(0).path("value").asInt());
        assertEquals(MAX_CHOICES, choices.get(MAX_CHOICES - 1).path("value").asInt());
    }

    @Test
    void serversOffersTheSameChoicesToAViewer() {
        List<JsonNode> choices = choices(VIEWER, "servers", "Bravo Ops 4");
        assertEquals(1, choices.size(), choices.toString());
        assertEquals(40, choices.get(0).path("value").asInt());
    }

    @Test
    void noTypedTextMatchesNothing() {
        assertEquals(List.of(), choices(EDITOR, "setmap", "Charlie"));
    }

    /** Server names are for staff: a member without a role gets no choices from either command. */
    @Test
    void aMemberWithoutAnyRoleGetsNoServerNames() {
        assertEquals(List.of(), choices(STRANGER, "servers", "Alpha"));
        assertEquals(List.of(), choices(STRANGER, "setmap", "Alpha"));
    }

    private static List<Integer> ids(List<JsonNode> choices) {
        return choices.stream().map(c -> c.path("value").asInt()).toList();
    }

    private static List<JsonNode> choices(long member, String command, String typed) {
        Interaction typing = h.discord.autocomplete(member, command, "server", typed);
        Callback answer = h.discord.awaitCallback(typing, WAIT);
        assertEquals(Callback.AUTOCOMPLETE_RESULT, answer.type(), answer.data().toString());
        JsonNode choices = answer.data().path("choices");
        assertTrue(choices.isArray(), "choices always present: " + answer.data());
        assertTrue(choices.size() <= MAX_CHOICES, "Discord accepts at most 25: " + choices.size());
        List<JsonNode> result = new ArrayList<>();
        choices.forEach(result::add);
        return result;
    }
}
