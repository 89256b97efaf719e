package livemapbot.discord.deploy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.discord.EmbedText;
import livemapbot.discord.InertText;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployAnnouncementTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    static ServerEntry server(int id, String name, boolean enabled, String type) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("name", name);
        node.put("enableMap", enabled);
        node.put("mapType", type);
        return ServerEntry.fromJson(node);
    }

    private static String field(MessageEmbed embed, String name) {
        return embed.getFields().stream().filter(f -> name.equals(f.getName())).findFirst()
                .map(MessageEmbed.Field::getValue).orElse(null);
    }

    @Test
    void showsWhoWhenNoteAndEachServer() {
        MessageEmbed embed = DeployAnnouncement.render(42, "Ann", AT, "new postal map",
                List.of(server(1, "Main", true, "NORMAL"), server(2, "Second", false, "POSTAL")));

        assertEquals("Live Map deployed", embed.getTitle());
        assertEquals("<@42> (Ann)", field(embed, "By"));
        assertEquals("<t:" + AT.getEpochSecond() + ":F>", field(embed, "When"));
        assertEquals("new postal map", field(embed, "Note"));
        assertEquals(AT, embed.getTimestamp().toInstant());
        assertEquals("#1 Main — enabled, NORMAL\n#2 Second — disabled, POSTAL", embed.getDescription());
    }

    @Test
    void noNoteNoNoteField() {
        MessageEmbed embed = DeployAnnouncement.render(42, "Ann", AT, "  ", List.of(server(1, "Main", true, "NORMAL")));
        assertEquals(null, field(embed, "Note"));
    }

    @Test
    void fortyServersWithLongNamesFitTheLimits() {
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            servers.add(server(i, "Server " + i + " " + "x".repeat(200), i % 2 == 0, "OCRP POSTAL"));
        }
        MessageEmbed embed = DeployAnnouncement.render(42, "A".repeat(32), AT, "n".repeat(300), servers);

        assertTrue(embed.getDescription().length() <= EmbedText.DESCRIPTION);
        assertTrue(EmbedText.length(List.of(embed)) <= EmbedText.MAX_TOTAL);
        assertTrue(field(embed, "Note").length() <= DeployMapCommand.MAX_NOTE);
        assertTrue(embed.isSendable());
        List<String> lines = embed.getDescription().lines().toList();
        assertTrue(lines.get(0).startsWith("#1 Server 1 xxx"), lines.get(0));
        assertTrue(lines.get(0).endsWith("— disabled, OCRP POSTAL"), lines.get(0));
        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("… and \\d+ more"), last);
        int shown = lines.size() - 1;
        assertEquals("… and " + (40 - shown) + " more", last);
    }

    @Test
    void fortyShortServersAllShown() {
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            servers.add(server(i, "Server " + i, true, "NORMAL"));
        }
        MessageEmbed embed = DeployAnnouncement.render(42, "Ann", AT, null, servers);

        assertEquals(40, embed.getDescription().lines().count());
        assertFalse(embed.getDescription().contains("more"));
    }

    @Test
    void truncationAlwaysLeavesRoomForTheMoreLine() {
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            servers.add(server(i, "S", true, "NORMAL"));
        }
        for (int room = 30; room < 300; room++) {
            String text = DeployAnnouncement.serverLines(servers, room);
            assertTrue(text.length() <= room, room + ": " + text);
        }
    }

    @Test
    void markdownInNamesIsEscapedAndBlankValuesNamed() {
        assertEquals("#3 \\*\\*bold\\*\\* — enabled, no map type", DeployAnnouncement.line(server(3, "**bold**", true, "")));
        assertEquals("#4 (no name) — disabled, NORMAL", DeployAnnouncement.line(server(4, "", false, "NORMAL")));
        assertEquals("The CAD has no servers.", DeployAnnouncement.serverLines(List.of(), 100));
    }

    /**
     * Issue 8: the public announcement shows server names, map types, the member's name and the
     * note escaped: none of them can mention, link or format.
     */
    @Test
    void cadTextNamesAndTheNoteCannotMentionLinkOrFormat() {
        MessageEmbed embed = DeployAnnouncement.render(42, InertText.EVIL_NAME, AT, InertText.EVIL_LINES,
                List.of(server(1, InertText.EVIL_NAME, true, "**NORMAL**"), server(2, "# Big", false, "-# x")));

        InertText.assertInert(embed, "<@42>", "<t:" + AT.getEpochSecond() + ":F>");
        assertTrue(embed.getDescription().startsWith("#1 @\u200Beveryone \\[click\\](https://evil) # Big — enabled, "),
                embed.getDescription());
    }
}
