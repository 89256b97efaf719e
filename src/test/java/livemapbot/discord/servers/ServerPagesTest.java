package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.ComponentId;
import livemapbot.discord.EmbedText;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static livemapbot.discord.servers.TestServers.documented;
import static livemapbot.discord.servers.TestServers.entry;
import static livemapbot.discord.servers.TestServers.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerPagesTest {
    private static final Instant READ_AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EXPIRES = READ_AT.plus(ServerPages.BUTTON_LIFETIME);

    private static ServerList fortyServersWithLongDescriptions() {
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            ObjectNode node = documented(i, "Server number " + i);
            node.put("description", ("Server " + i + " ").repeat(200).substring(0, 1000));
            node.put("enableMap", i % 2 == 0);
            servers.add(entry(node));
        }
        return new ServerList(servers, READ_AT);
    }

    private static void assertWithinDiscordLimits(List<MessageEmbed> page) {
        assertTrue(page.size() <= EmbedText.MAX_EMBEDS_PER_MESSAGE, "embeds: " + page.size());
        assertTrue(EmbedText.length(page) <= EmbedText.MAX_TOTAL, "total: " + EmbedText.length(page));
        for (MessageEmbed embed : page) {
            assertTrue(embed.getFields().size() <= EmbedText.MAX_FIELDS);
            assertTrue(embed.getTitle() == null || embed.getTitle().length() <= EmbedText.TITLE);
            assertTrue(embed.getDescription() == null || embed.getDescription().length() <= EmbedText.DESCRIPTION);
            for (MessageEmbed.Field field : embed.getFields()) {
                assertTrue(field.getValue().length() <= EmbedText.FIELD_VALUE, field.getName());
                assertTrue(field.getName().length() <= EmbedText.FIELD_NAME);
            }
        }
    }

    @Test
    void fortyServersWithLongDescriptionsArePagedWithinEveryLimitAndEachServerAppearsOnce() {
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(fortyServersWithLongDescriptions()));

        assertTrue(pages.count() > 4, "1000-character descriptions cannot fit 10 to a page");
        Map<String, Integer> seen = new HashMap<>();
        for (int p = 0; p < pages.count(); p++) {
            List<MessageEmbed> page = pages.page(p);
            assertWithinDiscordLimits(page);
            page.forEach(e -> seen.merge(e.getTitle(), 1, Integer::sum));
            MessageEmbed last = page.get(page.size() - 1);
            assertEquals(ServerEmbeds.FOOTER + " · Page " + (p + 1) + "/" + pages.count(), last.getFooter().getText());
        }
        List<String> expected = IntStream.rangeClosed(1, 40).mapToObj(i -> "#" + i + " Server number " + i).toList();
        assertEquals(40, seen.size());
        expected.forEach(title -> assertEquals(1, seen.get(title), title));
        // Pages keep the CAD's order.
        List<String> inOrder = new ArrayList<>();
        for (int p = 0; p < pages.count(); p++) {
            pages.page(p).forEach(e -> inOrder.add(e.getTitle()));
        }
        assertEquals(expected, inOrder);
    }

    @Test
    void manySmallServersAreCappedAtTenEmbedsAPage() {
        List<ServerEntry> servers = IntStream.rangeClosed(1, 23).mapToObj(i -> ServerEntry.of(i, "S" + i)).toList();
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(new ServerList(servers, READ_AT)));
        assertEquals(3, pages.count());
        assertEquals(List.of(10, 10, 3), IntStream.range(0, 3).mapToObj(p -> pages.page(p).size()).toList());
    }

    @Test
    void aSinglePageHasNoPageLabelAndNoButtons() {
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(new ServerList(List.of(server(1, "A")), READ_AT)));
        assertEquals(1, pages.count());
        assertEquals(ServerEmbeds.FOOTER, pages.page(0).get(0).getFooter().getText());
        assertEquals(List.of(), pages.buttons(ServersCommand.NAME, 0, EXPIRES));
    }

    @Test
    void aSingleHugeServerIsShrunkToFitInsteadOfFailing() {
        ObjectNode node = documented(1, "H".repeat(300));
        node.put("description", "x".repeat(5000));
        node.put("mapUrl", "https://x/" + "u".repeat(3000));
        node.put("differingOutbound", true);
        node.put("outboundIp", "o".repeat(3000));
        node.put("mapIp", "i".repeat(3000));
        node.put("signal", "s".repeat(3000));
        for (int i = 0; i < 30; i++) {
            node.put("k".repeat(200) + i, "v".repeat(2000));
        }
        ServerEntry huge = entry(node);

        ServerPages detail = ServerPages.of(List.of(ServerEmbeds.detail(huge, READ_AT)));
        assertEquals(1, detail.count());
        assertWithinDiscordLimits(detail.page(0));
        assertTrue(detail.page(0).get(0).getTitle().startsWith("#1 HHH"));

        ServerPages summary = ServerPages.of(ServerEmbeds.overview(new ServerList(List.of(huge, huge), READ_AT)));
        for (int p = 0; p < summary.count(); p++) {
            assertWithinDiscordLimits(summary.page(p));
        }
    }

    @Test
    void anEmbedOverTheBudgetIsCutDescriptionFirst() {
        MessageEmbed big = new EmbedBuilder().setTitle("t").setDescription("d".repeat(3500))
                .addField("f", "v".repeat(1000), false).addField("g", "w".repeat(1000), false).build();
        MessageEmbed cut = EmbedShrinker.shrink(big, 3000);
        assertTrue(cut.getLength() <= 3000, "length " + cut.getLength());
        assertEquals("v".repeat(1000), cut.getFields().get(0).getValue());
        assertTrue(cut.getDescription().endsWith("…"));
        assertEquals(big, EmbedShrinker.shrink(big, 6000));
    }

    @Test
    void pageButtonsPointAtTheNeighbouringPagesAndAreDisabledAtTheEnds() {
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(fortyServersWithLongDescriptions()));
        int last = pages.count() - 1;

        List<Button> first = buttons(pages, 0);
        assertTrue(first.get(0).isDisabled());
        assertFalse(first.get(1).isDisabled());
        assertEquals("1", parse(first.get(1)).arg());

        List<Button> middle = buttons(pages, 2);
        assertFalse(middle.get(0).isDisabled());
        assertFalse(middle.get(1).isDisabled());
        assertEquals("1", parse(middle.get(0)).arg());
        assertEquals("3", parse(middle.get(1)).arg());
        assertEquals("Previous", middle.get(0).getLabel());
        assertEquals("Next", middle.get(1).getLabel());

        List<Button> end = buttons(pages, last);
        assertFalse(end.get(0).isDisabled());
        assertTrue(end.get(1).isDisabled());
        assertEquals(Integer.toString(last - 1), parse(end.get(0)).arg());
    }

    @Test
    void pageIdsAreShortAndParseBack() {
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(fortyServersWithLongDescriptions()));
        for (int p = 0; p < pages.count(); p++) {
            for (Button button : buttons(pages, p)) {
                String raw = button.getCustomId();
                assertTrue(raw.length() <= ComponentId.MAX_LENGTH, raw);
                ComponentId id = parse(button);
                assertEquals(ServersCommand.NAME, id.command());
                assertEquals(ServerPages.ACTION, id.action());
                assertEquals(EXPIRES, id.expiresAt());
                assertEquals(raw, id.encode());
            }
            List<Button> row = buttons(pages, p);
            assertFalse(row.get(0).getCustomId().equals(row.get(1).getCustomId()), "ids must differ on page " + p);
        }
    }

    @Test
    void anOutOfRangePageIsClamped() {
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(fortyServersWithLongDescriptions()));
        assertEquals(pages.count() - 1, pages.clamp(99));
        assertEquals(0, pages.clamp(-3));
        assertEquals(pages.page(pages.count() - 1), pages.page(99));
    }

    private static List<Button> buttons(ServerPages pages, int page) {
        List<ActionRow> rows = pages.buttons(ServersCommand.NAME, page, EXPIRES);
        assertEquals(1, rows.size());
        return rows.get(0).getButtons();
    }

    private static ComponentId parse(Button button) {
        return ComponentId.parse(button.getCustomId()).orElseThrow();
    }
}
