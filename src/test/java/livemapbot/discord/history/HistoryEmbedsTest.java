package livemapbot.discord.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.EmbedText;
import livemapbot.history.DriftClassifier;
import livemapbot.history.DriftDetection;
import livemapbot.history.ListDiff;
import livemapbot.store.Revision;
import livemapbot.store.RevisionOutcome;
import livemapbot.store.RevisionSource;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10's embeds stay within every Discord limit and show CAD text and names literally. */
class HistoryEmbedsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static ServerEntry server(int id, String name, String mapIp, String extra) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id).put("name", name).put("mapIp", mapIp).put("listenerPort", "30120");
        node.put("unknownField" + id, extra);
        return ServerEntry.fromJson(node);
    }

    private static String text(MessageEmbed embed) {
        StringBuilder all = new StringBuilder();
        embed.getFields().forEach(f -> all.append(f.getName()).append('\n').append(f.getValue()).append('\n'));
        return all.toString();
    }

    private static void assertWithinLimits(MessageEmbed embed) {
        assertTrue(embed.getLength() <= EmbedText.MAX_TOTAL, "total " + embed.getLength());
        assertTrue(embed.getFields().size() <= EmbedText.MAX_FIELDS, "fields " + embed.getFields().size());
        for (MessageEmbed.Field field : embed.getFields()) {
            assertTrue(field.getName().length() <= EmbedText.FIELD_NAME, field.getName());
            assertTrue(field.getValue().length() <= EmbedText.FIELD_VALUE, "value " + field.getValue().length());
            assertFalse(field.getValue().isBlank());
        }
    }

    @Test
    void aDriftOfThirtyServersWithHugeValuesFitsDiscordsLimitsAndCountsTheRest() {
        List<ServerEntry> before = new ArrayList<>();
        List<ServerEntry> after = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            before.add(server(i, "N".repeat(300), "203.0.113." + i, "x".repeat(3000)));
            after.add(server(i, "M".repeat(300), "198.51.100." + i, "y".repeat(3000)));
        }
        ListDiff diff = ListDiff.between(before, after);
        MessageEmbed embed = HistoryEmbeds.drift(new DriftDetection("c", new ServerList(before, NOW),
                new ServerList(after, NOW), diff, DriftClassifier.classify(diff).orElseThrow(),
                NOW.minusSeconds(300), NOW));
        assertWithinLimits(embed);
        assertTrue(embed.getFields().get(embed.getFields().size() - 1).getValue().contains("more server(s)"),
                text(embed));
        assertTrue(embed.getDescription().contains("<t:" + NOW.getEpochSecond() + ":f>"), embed.getDescription());
    }

    @Test
    void cadTextInADriftIsEscapedSoItCannotPingOrFormat() {
        ServerEntry before = server(1, "**Main** @everyone", "203.0.113.1", "`code` <@123>");
        ServerEntry after = server(1, "**Main** @everyone", "203.0.113.1", "[link](http://x.invalid) # Big");
        ListDiff diff = ListDiff.between(List.of(before), List.of(after));
        MessageEmbed embed = HistoryEmbeds.drift(new DriftDetection("c", new ServerList(List.of(before), NOW),
                new ServerList(List.of(after), NOW), diff, DriftClassifier.classify(diff).orElseThrow(), NOW, NOW));
        String all = text(embed);
        assertTrue(all.contains("\\*\\*Main\\*\\*"), all);
        assertFalse(all.contains("@everyone"), "a zero-width space breaks the mass mention: " + all);
        assertTrue(all.contains("\\`code\\` \\<@123\\>"), all);
        assertTrue(all.contains("\\[link\\]"), all);
    }

    @Test
    void aHistoryPageNamesTheMemberWithoutAPingAndFitsWithHugeRevisions() {
        List<RevisionView> views = new ArrayList<>();
        for (long id = 1; id <= HistoryEmbeds.PAGE_SIZE; id++) {
            ServerEntry before = server(1, "Main", "203.0.113.1", "a".repeat(5000));
            ServerEntry after = server(1, "Main", "203.0.113.2", "b".repeat(5000));
            views.add(RevisionView.of(new Revision(id, NOW.minus(Duration.ofHours(2)), "c", 42L, "@everyone <@42>",
                    RevisionSource.BOT, List.of(1), before.toJson().toString(), after.toJson().toString(), false,
                    RevisionOutcome.APPLIED, null, null, false)));
        }
        MessageEmbed embed = HistoryEmbeds.page(views, 0, 3, 15, null, NOW);
        assertWithinLimits(embed);
        String all = text(embed);
        assertTrue(all.contains("through the bot"), all);
        assertTrue(all.contains("Game server IP: 203.0.113.1 → 203.0.113.2"), all);
        assertTrue(all.contains("<t:" + NOW.minus(Duration.ofHours(2)).getEpochSecond() + ":R>"), all);
        assertFalse(all.contains("<@42>"), "a display name, never a ping: " + all);
        assertFalse(all.contains("@everyone"), all);
        assertEquals("Page 1 of 3 · 15 change(s) · newest first", embed.getFooter().getText());
    }

    @Test
    void anEmptyHistorySaysWhatWillAppearAndSinceWhenHistoryIsKept() {
        String text = HistoryEmbeds.empty(false, Duration.ofMinutes(5)).getDescription();
        assertTrue(text.contains("/setmap and /maprollback"), text);
        assertTrue(text.contains("within 5 minutes"), text);
        assertTrue(text.contains("since it first ran with its store"), text);
    }
}
