package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.store.NewRevision;
import livemapbot.store.RevisionOutcome;
import livemapbot.store.RevisionSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.STRANGER;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.isEphemeral;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /maphistory} and {@code /maprollback}'s revision choice on the real JDA: the empty
 * history's sentence, paging with buttons, the autocomplete label, and a revision number that
 * belongs to another community (the store never hands it out) refused on submit. Runs in order on
 * one bot: the first test needs the store empty.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MapHistoryE2ETest {
    private static BotHarness h;

    @BeforeAll
    static void start() {
        h = BotHarness.start();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static JsonNode awaitEmbed(Interaction interaction) {
        return h.discord.awaitOriginal(interaction, m -> m.path("embeds").size() > 0, WAIT);
    }

    private static long outside(String community, int serverId, String name, String oldIp, String newIp) throws Exception {
        String before = "{\"id\":" + serverId + ",\"name\":\"" + name + "\",\"mapIp\":\"" + oldIp + "\"}";
        String after = "{\"id\":" + serverId + ",\"name\":\"" + name + "\",\"mapIp\":\"" + newIp + "\"}";
        return h.bot.store().revisions().append(new NewRevision(Instant.now(), community, null, null,
                RevisionSource.OUTSIDE, List.of(serverId), before, after, false, RevisionOutcome.APPLIED, null, null));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void nothingRecordedYetSaysWhatWillAppearHereAndSinceWhen() {
        Interaction cmd = h.slash(VIEWER, "maphistory");
        JsonNode answer = awaitEmbed(cmd);
        String text = answer.path("embeds").get(0).path("description").asText();
        assertTrue(text.startsWith("Nothing recorded yet."), text);
        assertTrue(text.contains("since it first ran with its store"), text);
        assertFalse(isEphemeral(answer), "public, like /servers");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aRevisionOfAnotherCommunityIsNeitherOfferedNorAccepted() throws Exception {
        String community = h.sonoran.communityId();
        long ours = outside(community, 1, "Main Server", "203.0.113.10", "198.51.100.1");
        long theirs = outside("another-community", 1, "Their Server", "203.0.113.10", "198.51.100.2");

        Interaction typing = h.discord.autocomplete(EDITOR, "maprollback", "revision", "");
        Callback answer = h.discord.awaitCallback(typing, WAIT);
        assertEquals(Callback.AUTOCOMPLETE_RESULT, answer.type());
        List<String> labels = new ArrayList<>();
        answer.data().path("choices").forEach(c -> labels.add(c.path("name").asText()));
        assertEquals(List.of("#" + ours + " · Main Server · mapIp · just now · outside the bot"), labels);

        Interaction stale = h.slash(EDITOR, "maprollback", Option.integer("revision", theirs));
        JsonNode refused = awaitEmbed(stale);
        assertEquals("Unknown revision", refused.path("embeds").get(0).path("title").asText());
        assertTrue(isEphemeral(refused));

        Interaction stranger = h.discord.autocomplete(STRANGER, "maprollback", "revision", "");
        assertEquals(0, h.discord.awaitCallback(stranger, WAIT).data().path("choices").size(),
                "no choices for a member who may not roll back");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void historyIsPagedNewestFirstWithButtons() throws Exception {
        String community = h.sonoran.communityId();
        long newest = 0;
        for (int i = 0; i < 6; i++) {
            newest = outside(community, 2, "Training Server", "203.0.113." + i, "203.0.113." + (i + 1));
        }
        Interaction cmd = h.slash(VIEWER, "maphistory");
        JsonNode page1 = h.discord.awaitOriginal(cmd, ScenarioSupport::hasButtons, WAIT);
        String first = page1.path("embeds").get(0).path("fields").get(0).path("name").asText();
        assertTrue(first.contains("#" + newest + " · #2 Training Server · outside the bot"), first);
        assertTrue(page1.path("embeds").get(0).path("footer").path("text").asText().startsWith("Page 1 of 2"));

        Interaction next = h.discord.buttonClick(VIEWER, page1, requireButton(page1, "Next").path("custom_id").asText());
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(next, WAIT).type());
        JsonNode page2 = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0 && m.path("embeds").get(0)
                .path("footer").path("text").asText().startsWith("Page 2 of 2"), WAIT);
        assertTrue(page2.path("embeds").toString().contains("Game server IP: 203.0.113.10 → 198.51.100.1"),
                page2.toString());
    }
}
