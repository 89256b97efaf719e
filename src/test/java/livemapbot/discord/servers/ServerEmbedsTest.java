package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.EmbedText;
import livemapbot.discord.InertText;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static livemapbot.discord.servers.TestServers.documented;
import static livemapbot.discord.servers.TestServers.entry;
import static livemapbot.discord.servers.TestServers.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerEmbedsTest {
    private static final Instant READ_AT = Instant.parse("2026-03-01T12:00:00Z");

    private static Map<String, String> fields(MessageEmbed embed) {
        return embed.getFields().stream().collect(Collectors.toMap(MessageEmbed.Field::getName,
                MessageEmbed.Field::getValue, (a, b) -> a + "|" + b, java.util.LinkedHashMap::new));
    }

    @Test
    void summaryShowsEachFieldOfTheDocumentedEntry() {
        ObjectNode node = documented(1, "Main Server");
        node.put("enableMap", true);
        MessageEmbed embed = ServerEmbeds.summary(entry(node), READ_AT);

        assertEquals("#1 Main Server", embed.getTitle());
        Map<String, String> fields = fields(embed);
        assertEquals(List.of("Map enabled", "Map type", "Game server", "Map URL", "Description"),
                List.copyOf(fields.keySet()));
        assertEquals("Yes", fields.get("Map enabled"));
        assertEquals("POSTAL", fields.get("Map type"));
        assertEquals("`123.456.78.9:30120`", fields.get("Game server"));
        assertEquals("https://cad.example/map/community/map_example/index.html", fields.get("Map URL"));
        assertEquals("Default server description", fields.get("Description"));
        assertEquals(ServerEmbeds.FOOTER, embed.getFooter().getText());
        assertEquals(READ_AT, embed.getTimestamp().toInstant());
    }

    @Test
    void colourFollowsTheMapState() {
        ObjectNode enabled = documented(1, "A");
        enabled.put("enableMap", true);
        assertEquals(ServerEmbeds.MAP_ENABLED, ServerEmbeds.summary(entry(enabled), READ_AT).getColor());
        assertEquals(ServerEmbeds.MAP_DISABLED, ServerEmbeds.summary(server(2, "B"), READ_AT).getColor());
        assertEquals("No", fields(ServerEmbeds.summary(server(2, "B"), READ_AT)).get("Map enabled"));
    }

    @Test
    void outboundIpOnlyWhenItDiffers() {
        ObjectNode same = documented(1, "A");
        same.put("outboundIp", "10.0.0.1");
        assertFalse(fields(ServerEmbeds.summary(entry(same), READ_AT)).containsKey("Outbound IP"));

        ObjectNode differing = documented(1, "A");
        differing.put("differingOutbound", true);
        differing.put("outboundIp", "10.0.0.1");
        assertEquals("`10.0.0.1`", fields(ServerEmbeds.summary(entry(differing), READ_AT)).get("Outbound IP"));

        differing.put("outboundIp", "");
        assertEquals(ServerEmbeds.NOT_SET, fields(ServerEmbeds.summary(entry(differing), READ_AT)).get("Outbound IP"));
    }

    @Test
    void missingPartsOfTheGameServerAreSaid() {
        assertEquals("`1.2.3.4` (port not set)", ServerEmbeds.gameServer("1.2.3.4", ""));
        assertEquals("IP not set, port `30120`", ServerEmbeds.gameServer("", "30120"));
        assertEquals("not set", ServerEmbeds.gameServer("", " "));
    }

    @Test
    void optionalFieldsAreLeftOutWhenEmpty() {
        ServerEntry bare = ServerEntry.of(7, "");
        MessageEmbed embed = ServerEmbeds.summary(bare, READ_AT);
        assertEquals("#7", embed.getTitle());
        Map<String, String> fields = fields(embed);
        assertEquals(List.of("Map enabled", "Map type", "Game server"), List.copyOf(fields.keySet()));
        assertEquals(ServerEmbeds.NOT_SET, fields.get("Map type"));
        assertEquals(ServerEmbeds.NOT_SET, fields.get("Game server"));
    }

    @Test
    void longNamesAndValuesAreCutToDiscordsLimits() {
        ObjectNode node = documented(3, "N".repeat(400));
        node.put("description", "d".repeat(3000));
        node.put("mapUrl", "https://x/" + "u".repeat(2000));
        MessageEmbed embed = ServerEmbeds.summary(entry(node), READ_AT);
        assertEquals(EmbedText.TITLE, embed.getTitle().length());
        assertTrue(embed.getTitle().endsWith("…"));
        embed.getFields().forEach(f -> assertTrue(f.getValue().length() <= EmbedText.FIELD_VALUE, f.getName()));
        assertEquals(EmbedText.FIELD_VALUE, fields(embed).get("Description").length());
    }

    @Test
    void detailShowsEveryDocumentedAndUnknownField() {
        ObjectNode node = documented(1, "Main");
        node.put("signal", "10-99");
        node.put("isStatic", true);
        node.put("liveMapFormat", 0);
        node.putObject("extra").put("a", 1).putArray("b").add("x");
        MessageEmbed embed = ServerEmbeds.detail(entry(node), READ_AT);

        assertEquals("#1 Main", embed.getTitle());
        assertEquals("Default server description", embed.getDescription());
        Map<String, String> fields = fields(embed);
        assertEquals("No", fields.get("Map enabled"));
        assertEquals("POSTAL", fields.get("Map type"));
        assertEquals("https://cad.example/map/community/map_example/index.html", fields.get("Map URL"));
        assertEquals("`123.456.78.9`", fields.get("Game server IP"));
        assertEquals("`30120`", fields.get("Listener port"));
        assertEquals("`30121`", fields.get("Map port (legacy)"));
        assertEquals("No", fields.get("Differing outbound"));
        assertEquals(ServerEmbeds.NOT_SET, fields.get("Outbound IP"));
        assertEquals("`10-99`", fields.get("Signal"));
        assertEquals("Yes", fields.get("Static"));
        assertEquals("`0`", fields.get("liveMapFormat"));
        assertEquals("`{\"a\":1,\"b\":[\"x\"]}`", fields.get("extra"));
        assertEquals(READ_AT, embed.getTimestamp().toInstant());
    }

    @Test
    void detailSaysWhenSignalAndStaticAreAbsentAndOmitsAMissingMapPort() {
        ObjectNode node = documented(1, "Main");
        node.remove("mapPort");
        node.remove("isStatic");
        Map<String, String> fields = fields(ServerEmbeds.detail(entry(node), READ_AT));
        assertEquals("none", fields.get("Signal"));
        assertEquals(ServerEmbeds.NOT_SET, fields.get("Static"));
        assertFalse(fields.containsKey("Map port (legacy)"));
    }

    @Test
    void detailWithManyUnknownFieldsStaysWithin25FieldsAndSaysHowManyAreHidden() {
        ObjectNode node = documented(1, "Main");
        for (int i = 0; i < 40; i++) {
            node.put("custom" + i, "v" + i);
        }
        MessageEmbed embed = ServerEmbeds.detail(entry(node), READ_AT);
        assertEquals(EmbedText.MAX_FIELDS, embed.getFields().size());
        MessageEmbed.Field last = embed.getFields().get(EmbedText.MAX_FIELDS - 1);
        assertEquals("More fields", last.getName());
        int shownUnknown = (int) embed.getFields().stream().filter(f -> f.getName().startsWith("custom")).count();
        assertTrue(last.getValue().startsWith((40 - shownUnknown) + " more field"), last.getValue());
    }

    @Test
    void overviewHasOneCardPerServerInOrderAndAFriendlyCardWhenEmpty() {
        List<MessageEmbed> cards = ServerEmbeds.overview(new ServerList(List.of(server(2, "B"), server(1, "A")), READ_AT));
        assertEquals(List.of("#2 B", "#1 A"), cards.stream().map(MessageEmbed::getTitle).toList());

        List<MessageEmbed> empty = ServerEmbeds.overview(new ServerList(List.of(), READ_AT));
        assertEquals(1, empty.size());
        assertEquals("No servers are configured in the CAD", empty.get(0).getTitle());
    }

    /**
     * Issue 8: CAD-supplied text is escaped in every card, so a server named
     * {@code @everyone [click](https://evil) # Big} cannot mention, link, or format (headings,
     * subtext, quotes, lists) in /servers.
     */
    @Test
    void cadTextCannotMentionLinkOrFormatInEitherCard() {
        var node = documented(7, InertText.EVIL_NAME);
        node.put("description", InertText.EVIL_LINES);
        node.put("mapUrl", "[click](https://evil)");
        node.put("mapType", "**NORMAL**");
        node.put(InertText.EVIL_NAME, InertText.EVIL_LINES);
        ServerEntry server = entry(node);

        MessageEmbed summary = ServerEmbeds.summary(server, READ_AT);
        MessageEmbed detail = ServerEmbeds.detail(server, READ_AT);
        InertText.assertInert(summary);
        InertText.assertInert(detail);
        assertEquals("#7 @\u200Beveryone \\[click\\](https://evil) # Big", summary.getTitle());
        // A plain map URL stays a link Discord can open.
        ServerEntry plain = server(8, "Plain");
        assertEquals(plain.mapUrl(), fields(ServerEmbeds.summary(plain, READ_AT)).get("Map URL"));
    }
}
