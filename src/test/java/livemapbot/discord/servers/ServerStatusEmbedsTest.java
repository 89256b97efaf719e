package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.EmbedText;
import livemapbot.status.Check;
import livemapbot.status.ConfigHint;
import livemapbot.status.GameServerInfo;
import livemapbot.status.ProbeReason;
import livemapbot.status.ProbeResult;
import livemapbot.status.ProbeVerdict;
import livemapbot.status.PushPath;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static livemapbot.discord.servers.StatusFixtures.online;
import static livemapbot.discord.servers.StatusFixtures.unreachable;
import static livemapbot.discord.servers.StatusFixtures.withoutResource;
import static livemapbot.discord.servers.TestServers.documented;
import static livemapbot.discord.servers.TestServers.entry;
import static livemapbot.discord.servers.TestServers.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live status as /servers shows it (README "Live status", issue 11 "Where it shows"). */
class ServerStatusEmbedsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static ServerStatuses known(Map<Integer, ProbeResult> results, Set<Integer> pending) {
        return new ServerStatuses(true, results, pending, NOW);
    }

    private static Optional<String> field(MessageEmbed embed, String name) {
        return embed.getFields().stream().filter(f -> name.equals(f.getName())).map(MessageEmbed.Field::getValue)
                .findFirst();
    }

    @Test
    void eachCardGetsItsStatusLineWithEmojiWordsAndAge() {
        MessageEmbed card = ServerEmbeds.summary(server(1, "Main"), NOW,
                known(Map.of(1, online(1, NOW.minusSeconds(20))), Set.of()));

        assertEquals(ServerEmbeds.LIVE_STATUS, card.getFields().get(0).getName(), "the status comes first");
        assertEquals("🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked 20 s ago",
                card.getFields().get(0).getValue());
    }

    @Test
    void withProbingOffTheCardsCarryNoStatus() {
        MessageEmbed card = ServerEmbeds.summary(server(1, "Main"), NOW, ServerStatuses.NONE);
        assertTrue(field(card, ServerEmbeds.LIVE_STATUS).isEmpty(), card.getFields().toString());
        assertEquals(ServerEmbeds.summary(server(1, "Main"), NOW), card);
    }

    @Test
    void aProbeUnderWaySaysCheckingOrKeepsTheOlderResultWithItsAge() {
        ServerList list = new ServerList(List.of(server(1, "A"), server(2, "B"), server(3, "C")), NOW);
        ServerStatuses statuses = known(Map.of(2, unreachable(2, NOW.minus(Duration.ofMinutes(3)))), Set.of(1, 2));

        List<MessageEmbed> cards = ServerEmbeds.overview(list, statuses);

        assertEquals(ServerEmbeds.CHECKING, field(cards.get(0), ServerEmbeds.LIVE_STATUS).orElseThrow());
        assertEquals("🔴 Unreachable from the bot (timed out) · checked 3 min ago · checking again…",
                field(cards.get(1), ServerEmbeds.LIVE_STATUS).orElseThrow());
        assertEquals(ServerEmbeds.STATUS_UNKNOWN, field(cards.get(2), ServerEmbeds.LIVE_STATUS).orElseThrow(),
                "a probe that failed inside the bot");
    }

    @Test
    void whatTheGameServerSaysIsEscapedNeverFormatted() {
        GameServerInfo game = new GameServerInfo("# @everyone **Big** [x](https://evil.example)", OptionalInt.of(1),
                OptionalInt.of(2), "<@&123> build", true, "**4.0**`<@&42>`", PushPath.ANSWERS);
        ProbeResult result = new ProbeResult(1, "t", ProbeVerdict.ONLINE, null, "", NOW, game, null, true,
                List.of(new Check(Check.GAME_SERVER, Check.State.OK, "answers _*<#1>*_", "")));
        ServerStatuses statuses = known(Map.of(1, result), Set.of());

        String line = field(ServerEmbeds.summary(server(1, "A"), NOW, statuses), ServerEmbeds.LIVE_STATUS)
                .orElseThrow();
        assertEquals(EmbedText.escape(result.statusLine(NOW)), line);
        assertTrue(line.contains("\\*\\*4.0\\*\\*\\`\\<@&42\\>\\`"), line);

        MessageEmbed detail = ServerEmbeds.detail(server(1, "A"), NOW, statuses);
        StringBuilder text = new StringBuilder();
        detail.getFields().forEach(f -> text.append(f.getName()).append(": ").append(f.getValue()).append('\n'));
        String all = text.toString();
        assertEquals(EmbedText.escape(game.hostname()), field(detail, "Host name (from the game server)").orElseThrow());
        assertTrue(all.contains("\\<@&123\\> build"), all);
        assertTrue(all.contains("answers \\_\\*\\<#1\\>\\*\\_"), all);
        assertFalse(java.util.regex.Pattern.compile("(?<!\\\\)<[@#]").matcher(all).find(), "no live mention: " + all);
    }

    @Test
    void theDetailViewShowsTheThreeChecksSeparatelyWithWhatEachMeansAndTheNextStepWhenOneFails() {
        MessageEmbed detail = ServerEmbeds.detail(server(1, "A"), NOW,
                known(Map.of(1, withoutResource(1, NOW.minusSeconds(20))), Set.of()));

        assertEquals("🟡 Online, sonorancad not running · 3/32 players · no sonorancad route · checked 20 s ago",
                field(detail, ServerEmbeds.LIVE_STATUS).orElseThrow());
        String game = field(detail, "✅ " + Check.GAME_SERVER).orElseThrow();
        assertTrue(game.contains(ServerEmbeds.meaning(Check.GAME_SERVER)), game);
        assertTrue(game.contains("**Seen:** answers, 3/32 players"), game);
        assertFalse(game.contains("Next step"), "an OK check has no next step: " + game);

        String resource = field(detail, "❌ " + Check.RESOURCE).orElseThrow();
        assertTrue(resource.contains(ServerEmbeds.meaning(Check.RESOURCE)), resource);
        assertTrue(resource.contains("**Seen:** not among the started resources"), resource);
        assertTrue(resource.contains("**Next step:** Start it: add ensure sonorancad to server.cfg."), resource);

        String push = field(detail, "❌ " + Check.PUSH_PATH).orElseThrow();
        assertTrue(push.contains(ServerEmbeds.meaning(Check.PUSH_PATH)), push);
        assertTrue(push.contains("**Next step:** No resource named sonorancad is started."), push);
    }

    @Test
    void anUnreachableServerSaysWhichCheckFailedWhatToDoAndWhichWereNotAsked() {
        MessageEmbed detail = ServerEmbeds.detail(server(1, "A"), NOW, known(Map.of(1, unreachable(1, NOW)), Set.of()));

        String game = field(detail, "❌ " + Check.GAME_SERVER).orElseThrow();
        assertTrue(game.contains("**Next step:** " + EmbedText.escape(ProbeReason.TIMEOUT.nextStep())), game);
        assertTrue(field(detail, "➖ " + Check.RESOURCE).orElseThrow().contains("not asked"));
        assertTrue(field(detail, "➖ " + Check.PUSH_PATH).isPresent());
    }

    @Test
    void aServerThatWasNotProbedSaysWhyAndTheNextStepAndTheHints() {
        ObjectNode node = documented(1, "A");
        node.put("mapIp", "10.0.0.5");
        ServerEntry entry = entry(node);
        ProbeResult refused = new ProbeResult(1, "10.0.0.5:30120", ProbeVerdict.NOT_PROBED, ProbeReason.ADDRESS_REFUSED,
                "10.0.0.5 is a private network address", NOW, GameServerInfo.UNKNOWN,
                livemapbot.net.AddressRules.Kind.PRIVATE, false, List.of());

        MessageEmbed detail = ServerEmbeds.detail(entry, NOW, known(Map.of(1, refused), Set.of()));

        String status = field(detail, ServerEmbeds.LIVE_STATUS).orElseThrow();
        assertTrue(status.startsWith("⚪ Not probed (address refused by the safety rules)"), status);
        // At a line's start "10." would be a numbered list: escaped like everything else.
        assertTrue(status.contains(EmbedText.escape("10.0.0.5 is a private network address")), status);
        assertTrue(status.contains("**Next step:** " + EmbedText.escape(ProbeReason.ADDRESS_REFUSED.nextStep())), status);
        assertTrue(field(detail, "Hints").orElseThrow().contains(EmbedText.escape(ConfigHint.PRIVATE_ADDRESS.text())));
    }

    @Test
    void twentyFiveServersWithStatusAndLongTextsStayInsideEveryLimitAndKeepEveryStatusLine() {
        List<ServerEntry> servers = new ArrayList<>();
        Map<Integer, ProbeResult> results = new HashMap<>();
        for (int id = 1; id <= 25; id++) {
            ObjectNode node = documented(id, "n".repeat(100));
            node.put("description", "d".repeat(1000));
            node.put("mapUrl", "https://cad.example/" + "u".repeat(1000));
            servers.add(entry(node));
            GameServerInfo game = new GameServerInfo("h".repeat(5000), OptionalInt.of(id), OptionalInt.of(64), "b",
                    true, "v".repeat(3000), PushPath.ANSWERS);
            results.put(id, new ProbeResult(id, "t", ProbeVerdict.ONLINE, null, "", NOW, game, null, true, List.of()));
        }
        ServerStatuses statuses = known(results, Set.of());

        ServerPages pages = ServerPages.of(ServerEmbeds.overview(new ServerList(servers, NOW), statuses));
        int cards = 0;
        for (int page = 0; page < pages.count(); page++) {
            List<MessageEmbed> embeds = pages.page(page);
            assertTrue(embeds.size() <= EmbedText.MAX_EMBEDS_PER_MESSAGE);
            assertTrue(EmbedText.length(embeds) <= EmbedText.MAX_TOTAL, "page " + page + ": " + EmbedText.length(embeds));
            for (MessageEmbed card : embeds) {
                String line = field(card, ServerEmbeds.LIVE_STATUS).orElseThrow();
                assertTrue(line.startsWith("🟢 Online"), line);
                assertTrue(line.length() <= EmbedText.FIELD_VALUE, "cut to a field value: " + line.length());
                cards++;
            }
        }
        assertEquals(25, cards);

        MessageEmbed detail = ServerPages.of(List.of(ServerEmbeds.detail(servers.get(0), NOW, statuses))).page(0).get(0);
        assertTrue(detail.getLength() <= EmbedText.MAX_TOTAL, "detail: " + detail.getLength());
        assertTrue(detail.getFields().size() <= EmbedText.MAX_FIELDS);
    }
}
