package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static livemapbot.e2e.BotHarness.DEPLOY_ROLE;
import static livemapbot.e2e.BotHarness.EDIT_ROLE;
import static livemapbot.e2e.BotHarness.STRANGER;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.VIEW_ROLE;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.field;
import static livemapbot.e2e.ScenarioSupport.isEphemeral;
import static livemapbot.e2e.ScenarioSupport.loaded;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 2: {@code /servers} by a viewer, with more servers than one message holds (25 servers
 * with 900-character descriptions), through a real JDA: a public answer that pages with working
 * Previous/Next buttons. Nothing here changes the emulator, so one bot serves every test.
 */
class ServersE2ETest {
    private static final int SERVER_COUNT = 25;
    private static final Pattern PAGE_LABEL = Pattern.compile("Page (\\d+)/(\\d+)");

    private static BotHarness h;

    @BeforeAll
    static void start() {
        h = BotHarness.builder()
                .emulator(e -> e.servers(ScenarioSupport.list(SERVER_COUNT, id -> "Patrol Server " + id, 900)))
                .start();
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
    void aViewerGetsAPublicAnswerWhosePagesShowEveryServerAndItsMapState() {
        Interaction cmd = h.slash(VIEWER, "servers");
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        assertFalse(ack.ephemeral(), "the list is for the whole channel: " + ack.data());

        JsonNode message = h.discord.awaitOriginal(cmd, m -> loaded(m), WAIT);
        int pages = page(message)[1];
        assertTrue(pages > 1, "25 long servers do not fit one message: " + pages + " page(s)");

        List<JsonNode> embeds = new ArrayList<>();
        for (int shown = 1; ; shown++) {
            assertEquals(shown, page(message)[0], "page label of " + message.path("embeds"));
            assertFalse(isEphemeral(message));
            assertTrue(message.path("embeds").size() <= 10);
            assertTrue(totalLength(message) <= 6000, "Discord's 6000-character limit: " + totalLength(message));
            message.path("embeds").forEach(embeds::add);
            if (shown == pages) {
                assertTrue(requireButton(message, "Next").path("disabled").asBoolean(), "Next off on the last page");
                break;
            }
            message = clickAndAwaitPage(VIEWER, cmd, message, "Next", shown + 1);
        }

        assertEquals(SERVER_COUNT, embeds.size(), "one card per server across all pages");
        JsonNode servers = h.sonoran.servers();
        for (int i = 0; i < servers.size(); i++) {
            JsonNode server = servers.get(i);
            JsonNode card = embeds.get(i);
            String title = "#" + server.path("id").asInt() + " " + server.path("name").asText();
            assertEquals(title, card.path("title").asText(), "cards in the CAD's order");
            String mapEnabled = server.path("enableMap").asBoolean() ? "Yes" : "No";
            assertEquals(mapEnabled, field(card, "Map enabled").orElseThrow(), title);
            assertEquals(server.path("mapType").asText(), field(card, "Map type").orElseThrow(), title);
            String game = field(card, "Game server").orElseThrow();
            assertTrue(game.contains(server.path("mapIp").asText() + ":" + server.path("listenerPort").asText()),
                    title + ": " + game);
        }
    }

    @Test
    void nextShowsPageTwoAndPreviousGoesBackToPageOne() {
        Interaction cmd = h.slash(VIEWER, "servers");
        JsonNode first = h.discord.awaitOriginal(cmd, m -> loaded(m), WAIT);
        assertEquals(1, page(first)[0]);
        assertTrue(requireButton(first, "Previous").path("disabled").asBoolean(), "Previous off on page 1");
        assertFalse(requireButton(first, "Next").path("disabled").asBoolean(), "Next on on page 1");
        List<String> firstTitles = titles(first);
        assertEquals("#1 Patrol Server 1", firstTitles.get(0));

        JsonNode second = clickAndAwaitPage(VIEWER, cmd, first, "Next", 2);
        List<String> secondTitles = titles(second);
        assertEquals("#" + (firstTitles.size() + 1) + " Patrol Server " + (firstTitles.size() + 1),
                secondTitles.get(0), "page 2 continues where page 1 ended");
        assertFalse(requireButton(second, "Previous").path("disabled").asBoolean(), "Previous on on page 2");

        JsonNode back = clickAndAwaitPage(VIEWER, cmd, second, "Previous", 1);
        assertEquals(firstTitles, titles(back));
        assertEquals(first.path("id").asText(), back.path("id").asText(), "the same message is edited");
    }

    @Test
    void aMemberWithoutAccessCannotPageSomeoneElsesList() {
        Interaction cmd = h.slash(VIEWER, "servers");
        JsonNode first = h.discord.awaitOriginal(cmd, m -> loaded(m), WAIT);
        String next = requireButton(first, "Next").path("custom_id").asText();

        Interaction click = h.discord.buttonClick(STRANGER, first, next);
        Callback refusal = h.discord.awaitCallback(click, WAIT);
        assertEquals(Callback.REPLY, refusal.type());
        assertTrue(refusal.ephemeral(), refusal.data().toString());
        String text = refusal.data().path("embeds").toString();
        for (long role : new long[] {VIEW_ROLE, EDIT_ROLE, DEPLOY_ROLE}) {
            assertTrue(text.contains("<@&" + role + ">"), "names the role " + role + ": " + text);
        }
        assertEquals(titles(first), titles(h.discord.latestOriginal(cmd)), "the list stays on page 1");
    }

    /** Clicks {@code label} on {@code message} and waits until the message shows page {@code expected}. */
    private static JsonNode clickAndAwaitPage(long member, Interaction cmd, JsonNode message, String label,
                                              int expected) {
        String customId = requireButton(message, label).path("custom_id").asText();
        Interaction click = h.discord.buttonClick(member, message, customId);
        Callback ack = h.discord.awaitCallback(click, WAIT);
        assertEquals(Callback.DEFERRED_UPDATE, ack.type(), "a page click edits the message: " + ack.data());
        return h.discord.awaitOriginal(cmd, m -> loaded(m) && page(m)[0] == expected, WAIT);
    }

    /** {current, total} from the "Page x/y" label in the last card's footer; {1, 1} without one. */
    private static int[] page(JsonNode message) {
        JsonNode embeds = message.path("embeds");
        String footer = embeds.get(embeds.size() - 1).path("footer").path("text").asText();
        Matcher m = PAGE_LABEL.matcher(footer);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {1, 1};
    }

    private static List<String> titles(JsonNode message) {
        List<String> titles = new ArrayList<>();
        message.path("embeds").forEach(e -> titles.add(e.path("title").asText()));
        assertNotEquals(0, titles.size(), "no embeds in " + message);
        return titles;
    }

    /** Discord's count: title, description, field names and values, footer and author text. */
    private static int totalLength(JsonNode message) {
        int length = 0;
        for (JsonNode embed : message.path("embeds")) {
            length += embed.path("title").asText().length() + embed.path("description").asText().length()
                    + embed.path("footer").path("text").asText().length()
                    + embed.path("author").path("name").asText().length();
            for (JsonNode field : embed.path("fields")) {
                length += field.path("name").asText().length() + field.path("value").asText().length();
            }
        }
        return length;
    }
}
