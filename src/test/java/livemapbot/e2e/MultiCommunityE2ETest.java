package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.HostedBotApplication;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.config.Settings;
import livemapbot.config.SettingsLoader;
import livemapbot.discord.StartupException;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.ModalValue;
import livemapbot.e2e.fake.Option;
import livemapbot.store.KeyCipher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static livemapbot.e2e.HostedSupport.ADMIN;
import static livemapbot.e2e.HostedSupport.EDITOR;
import static livemapbot.e2e.HostedSupport.STRANGER;
import static livemapbot.e2e.HostedSupport.WAIT;
import static livemapbot.e2e.HostedSupport.members;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README "Hosting for many communities": one deployment, two guilds on two shards, each set up
 * from Discord with {@code /livemap setup} against its own Sonoran community. Each guild sees only
 * its own servers; nothing of one guild is reachable from the other (a copied button, a copied
 * form); the key is stored encrypted and forgotten on request; a wrong encryption key refuses to start.
 */
class MultiCommunityE2ETest {
    private static final long GUILD_A = FakeDiscord.DEFAULT_GUILD_ID;
    private static final long GUILD_B = FakeDiscord.guildIdAt(1);
    private static final long OPEN_CHANNEL = GUILD_A + 31;
    private static final long LOCKED_CHANNEL = GUILD_A + 32;
    private static final String KEY_A = "a-secret-api-key-of-community-a";
    private static final String KEY_B = "b-secret-api-key-of-community-b";

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private SonoranEmulator sonoranA;
    private SonoranEmulator sonoranB;
    private SonoranCommunities sonoran;
    private HostedBotApplication bot;
    private final String encryptionKey = KeyCipher.generateKey();

    @BeforeEach
    void start() throws Exception {
        discord = FakeDiscord.builder().heartbeatInterval(Duration.ofSeconds(2)).recommendedShards(2)
                .maxConcurrency(2).start(); // both shards identify at once: no 5 s wait between them
        members(discord.guild())
                .textChannel(OPEN_CHANNEL, "map-posts")
                .textChannel(LOCKED_CHANNEL, "read-only",
                        FakeGuild.Overwrite.member(discord.botUserId(), 0, FakeGuild.SEND_MESSAGES));
        FakeGuild bravo = discord.newGuild(GUILD_B, "Bravo RP");
        members(bravo);
        discord.join(bravo);
        sonoranA = SonoranEmulator.builder().communityId("community-a").apiKey(KEY_A).build().start();
        sonoranB = SonoranEmulator.builder().communityId("community-b").apiKey(KEY_B).build().start();
        sonoranA.updateServer(1, s -> s.put("name", "Alpha City"));
        sonoranB.updateServer(1, s -> s.put("name", "Bravo Town"));
        sonoranA.clearHistory();
        sonoranB.clearHistory();
        sonoran = new SonoranCommunities(List.of(sonoranA, sonoranB));
        bot = HostedBotApplication.start(settings(encryptionKey));
    }

    private Settings settings(String key) throws Exception {
        return HostedSupport.settings(dir, discord, sonoran.baseUrl(), key, Map.of());
    }

    private long channel(long guild) {
        return discord.requireGuild(guild).defaultChannelId();
    }

    private JsonNode submitSetup(long guild, String community, String key) {
        return HostedSupport.submitSetup(discord, guild, community, key);
    }

    private JsonNode servers(long guild) {
        return HostedSupport.servers(discord, guild);
    }

    /** What the member sees: the reply itself, or, after a deferral, the answer edited in. */
    private String answerText(Interaction interaction) {
        Callback answer = discord.awaitCallback(interaction, WAIT);
        if (answer.type() == Callback.REPLY || answer.type() == Callback.UPDATE_MESSAGE) {
            return text(answer.data());
        }
        return text(discord.awaitOriginal(interaction, m -> !text(m).isBlank(), WAIT));
    }

    private void setUpBoth() {
        HostedSupport.setUp(discord, GUILD_A, "community-a", KEY_A);
        HostedSupport.setUp(discord, GUILD_B, "community-b", KEY_B);
    }

    @AfterEach
    void stop() throws IOException {
        if (bot != null) {
            bot.close();
        }
        if (sonoran != null) {
            sonoran.close();
        }
        if (sonoranA != null) {
            sonoranA.close();
        }
        if (sonoranB != null) {
            sonoranB.close();
        }
        discord.close();
    }


    @Test
    void eachGuildIsSetUpFromDiscordAndSeesOnlyItsOwnCommunity() throws Exception {
        // Not set up: one sentence pointing at /livemap setup.
        assertTrue(text(servers(GUILD_A)).contains("/livemap setup"), text(servers(GUILD_A)));
        // Only Manage Server may set up.
        Interaction refused = discord.slashCommandInGuild(GUILD_A, STRANGER, "livemap", Option.subcommand("setup"));
        Callback refusal = discord.awaitCallback(refused, WAIT);
        assertEquals(Callback.REPLY, refusal.type());
        assertTrue(text(refusal.data()).contains("Manage Server"), text(refusal.data()));
        // A wrong key: said exactly, nothing saved.
        JsonNode wrong = submitSetup(GUILD_A, "community-a", "not-the-key");
        assertTrue(text(wrong).contains("Not saved"), text(wrong));
        assertTrue(text(wrong).toUpperCase().contains("API KEY"), text(wrong));
        assertFalse(text(wrong).contains("not-the-key"), "the key typed is never shown back: " + text(wrong));
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings"));

        setUpBoth();
        // The commands were registered globally, once.
        assertTrue(discord.globalCommands().toString().contains("livemap"));

        String a = text(servers(GUILD_A));
        String b = text(servers(GUILD_B));
        assertTrue(a.contains("Alpha City") && !a.contains("Bravo Town"), a);
        assertTrue(b.contains("Bravo Town") && !b.contains("Alpha City"), b);

        // /livemap show: key masked.
        Interaction show = discord.slashCommandInGuild(GUILD_A, ADMIN, "livemap", Option.subcommand("show"));
        String shown = text(discord.awaitCallback(show, WAIT).data());
        assertTrue(shown.contains("community-a") && !shown.contains(KEY_A), shown);

        // The key is never in the database in clear.
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("livemap-bot.db"));
             Statement statement = raw.createStatement();
             ResultSet r = statement.executeQuery("SELECT api_key_enc FROM guild_settings")) {
            int n = 0;
            while (r.next()) {
                n++;
                String stored = r.getString(1);
                assertFalse(stored.contains(KEY_A) || stored.contains(KEY_B), "the key in clear: " + stored);
            }
            assertEquals(2, n);
        }
    }

    @Test
    void aButtonOrFormCopiedFromOneGuildDoesNothingInTheOther() throws Exception {
        setUpBoth();
        // The editor (a member of both guilds) previews a change in guild A.
        Interaction preview = discord.slashCommandInGuild(GUILD_A, EDITOR, "setmap", Option.integer("server", 1),
                Option.string("name", "Changed from A"));
        JsonNode card = discord.awaitOriginal(preview, m -> text(m).contains("Changed from A"), WAIT);
        String confirm = HostedSupport.buttonId(card, "Confirm");
        assertTrue(confirm != null, card.toString());

        // The same custom id clicked in guild B: refused there, nothing written anywhere.
        ObjectNode copied = card.deepCopy();
        copied.put("channel_id", Long.toString(channel(GUILD_B)));
        Interaction forged = discord.buttonClick(EDITOR, copied, confirm);
        String seen = answerText(forged);
        assertFalse(seen.contains("updated"), seen);
        assertEquals(0, sonoranA.writes().size(), "nothing written to A from B");
        assertEquals(0, sonoranB.writes().size(), "nothing written to B");

        // The Edit form of A's server, opened in A, submitted in guild B: nothing of A shows in B.
        Interaction detail = discord.slashCommandInGuild(GUILD_A, EDITOR, "servers", Option.integer("server", 1));
        JsonNode detailCard = discord.awaitOriginal(detail, m -> text(m).contains("Alpha City"), WAIT);
        String editButton = HostedSupport.buttonId(detailCard, "Edit");
        assertTrue(editButton != null, detailCard.toString());
        Interaction openEdit = discord.clickButtonOnOriginal(EDITOR, detail, editButton);
        Callback form = discord.awaitCallback(openEdit, WAIT);
        assertEquals(Callback.MODAL, form.type(), form.data().toString());
        Interaction edit = discord.modalSubmitIn(channel(GUILD_B), EDITOR, form.data().path("custom_id").asText(), null,
                ModalValue.text("name", "Forged"));
        String inB = answerText(edit);
        assertFalse(inB.contains("Alpha City"), "A's server shown in B: " + inB);
        assertEquals(0, sonoranB.writes().size());
        assertEquals(0, sonoranA.writes().size());

        // In its own guild the click works, and writes to A only.
        Interaction real = discord.buttonClick(EDITOR, card, confirm);
        discord.awaitOriginal(preview, m -> text(m).contains("updated"), WAIT);
        assertEquals(1, sonoranA.writes().size());
        assertEquals(0, sonoranB.writes().size());
        assertEquals(Callback.DEFERRED_UPDATE, discord.awaitCallback(real, WAIT).type());

        // Autocomplete in B offers B's servers only.
        Interaction typed = discord.autocompleteInGuild(GUILD_B, EDITOR, "setmap", "server", "");
        String offered = discord.awaitCallback(typed, WAIT).data().toString();
        assertTrue(offered.contains("Bravo Town") && !offered.contains("Alpha") && !offered.contains("Changed from A"),
                offered);

        // A's history is not B's: /maphistory in B does not show it, /maprollback of A's revision in B finds nothing.
        long revisionOfA = rows("SELECT MAX(id) FROM revisions WHERE community = 'guild:" + GUILD_A + "'");
        Interaction history = discord.slashCommandInGuild(GUILD_B, EDITOR, "maphistory");
        String historyInB = answerText(history);
        assertFalse(historyInB.contains("Changed from A") || historyInB.contains("Alpha City"), historyInB);
        Interaction rollback = discord.slashCommandInGuild(GUILD_B, EDITOR, "maprollback",
                Option.integer("revision", revisionOfA));
        String rollbackInB = answerText(rollback);
        assertFalse(rollbackInB.contains("Changed from A") || rollbackInB.contains("Alpha City"), rollbackInB);
        assertEquals(0, sonoranB.writes().size());
        assertEquals(1, sonoranA.writes().size());
    }

    /** README: /livemap channels checks the bot may post embeds in the chosen channels before saving. */
    @Test
    void channelsAreSavedOnlyWhereTheBotCanPost() throws Exception {
        setUpBoth();
        Interaction open = discord.slashCommandInGuild(GUILD_A, ADMIN, "livemap", Option.subcommand("channels"));
        Callback form = discord.awaitCallback(open, WAIT);
        assertEquals(Callback.MODAL, form.type(), form.data().toString());
        String modalId = form.data().path("custom_id").asText();

        Interaction locked = discord.modalSubmitIn(channel(GUILD_A), ADMIN, modalId, null,
                ModalValue.channels("announce", LOCKED_CHANNEL), ModalValue.channels("audit"));
        String refused = text(discord.awaitCallback(locked, WAIT).data());
        assertTrue(refused.contains("Not saved") && refused.contains("Send Messages"), refused);

        Interaction fine = discord.modalSubmitIn(channel(GUILD_A), ADMIN, modalId, null,
                ModalValue.channels("announce", OPEN_CHANNEL), ModalValue.channels("audit", OPEN_CHANNEL));
        String saved = text(discord.awaitOriginal(fine, m -> !text(m).isBlank(), WAIT));
        assertTrue(saved.contains("Channels saved") && saved.contains("<#" + OPEN_CHANNEL + ">"), saved);
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A
                + " AND announce_channel_id = " + OPEN_CHANNEL));
    }

    /** A confirmed change in {@code guild} (its editor, server 1): a revision and an audit line. */
    private void change(long guild, String name) {
        Interaction preview = discord.slashCommandInGuild(guild, EDITOR, "setmap", Option.integer("server", 1),
                Option.string("name", name));
        JsonNode card = discord.awaitOriginal(preview, m -> text(m).contains(name), WAIT);
        String confirm = HostedSupport.buttonId(card, "Confirm");
        discord.buttonClick(EDITOR, card, confirm);
        discord.awaitOriginal(preview, m -> text(m).contains("updated"), WAIT);
    }

    @Test
    void forgetDeletesTheKeyAndOnRequestTheHistory() throws Exception {
        setUpBoth();
        change(GUILD_A, "History of A");
        change(GUILD_B, "History of B");
        Path auditA = dir.resolve("data").resolve("guilds").resolve(GUILD_A + ".jsonl");
        assertTrue(Files.exists(auditA), "each guild's audit lines in its own file");
        assertEquals(1, rows("SELECT COUNT(*) FROM revisions WHERE community = 'guild:" + GUILD_A + "'"));
        Interaction forget = discord.slashCommandInGuild(GUILD_A, ADMIN, "livemap", Option.subcommand("forget"));
        JsonNode asked = discord.awaitCallback(forget, WAIT).data();
        assertTrue(text(asked).contains("history"), text(asked));
        String everything = HostedSupport.buttonId(asked, "history");
        // A member without Manage Server cannot click it.
        Interaction stranger = discord.clickButtonOnOriginal(STRANGER, forget, everything);
        assertTrue(text(discord.awaitCallback(stranger, WAIT).data()).contains("Manage Server"));
        assertEquals(2, rows("SELECT COUNT(*) FROM guild_settings"));

        Interaction click = discord.clickButtonOnOriginal(ADMIN, forget, everything);
        discord.awaitOriginal(click, m -> text(m).contains("Forgotten"), WAIT);
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A), "the key row is gone");
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_B), "B is untouched");
        assertEquals(0, rows("SELECT COUNT(*) FROM revisions WHERE community = 'guild:" + GUILD_A + "'"),
                "A's history is deleted");
        assertFalse(Files.exists(auditA), "A's audit file is deleted with its history");
        assertEquals(1, rows("SELECT COUNT(*) FROM revisions WHERE community = 'guild:" + GUILD_B + "'"),
                "B's history stays");
        assertTrue(text(servers(GUILD_A)).contains("/livemap setup"));
        assertTrue(text(servers(GUILD_B)).contains("History of B"));
    }

    /**
     * A guild that removes the bot keeps its settings until the retention period; a re-invite
     * restores them, whether it happens while the bot runs or while it is offline.
     */
    @Test
    void aGuildThatLeavesAndComesBackIsServedAgain() throws Exception {
        setUpBoth();
        FakeGuild alpha = discord.requireGuild(GUILD_A);
        discord.leave(GUILD_A);
        awaitRows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A + " AND left_at IS NOT NULL", 1);
        discord.join(alpha);
        awaitRows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A + " AND left_at IS NULL", 1);
        assertTrue(text(servers(GUILD_A)).contains("Alpha City"), "served again after a re-invite");

        // While the bot is offline: removed, then (next start) noticed; re-invited, then noticed.
        bot.close();
        bot = null;
        discord.leave(GUILD_A);
        bot = HostedBotApplication.start(settings(encryptionKey));
        awaitRows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A + " AND left_at IS NOT NULL", 1);
        bot.close();
        bot = null;
        discord.join(alpha);
        bot = HostedBotApplication.start(settings(encryptionKey));
        awaitRows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A + " AND left_at IS NULL", 1);
        assertTrue(text(servers(GUILD_A)).contains("Alpha City"), "served again after a re-invite while offline");
    }

    /** README: a guild that removed the bot keeps its key for hosting.retentionDays (30), then it is deleted. */
    @Test
    void theKeyOfAGuildGoneLongerThanTheRetentionPeriodIsDeleted() throws Exception {
        setUpBoth();
        discord.leave(GUILD_A);
        discord.leave(GUILD_B);
        awaitRows("SELECT COUNT(*) FROM guild_settings WHERE left_at IS NOT NULL", 2);
        long day = Duration.ofDays(1).toMillis();
        long now = System.currentTimeMillis();
        execute("UPDATE guild_settings SET left_at = " + (now - 31 * day) + " WHERE guild_id = " + GUILD_A);
        execute("UPDATE guild_settings SET left_at = " + (now - 29 * day) + " WHERE guild_id = " + GUILD_B);
        bot.purgeExpired();
        assertEquals(0, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_A), "gone 31 days: deleted");
        assertEquals(1, rows("SELECT COUNT(*) FROM guild_settings WHERE guild_id = " + GUILD_B), "gone 29 days: kept");
    }

    private void execute(String sql) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("livemap-bot.db"));
             Statement statement = raw.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private void awaitRows(String sql, long expected) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        long seen = rows(sql);
        while (seen != expected && System.nanoTime() < end) {
            Thread.sleep(50);
            seen = rows(sql);
        }
        assertEquals(expected, seen, sql);
    }

    /**
     * README "Metrics and health" in multi mode: /health is 200 when every shard this process runs
     * is connected, and {@code livemap_guilds} counts the guilds set up; no key in the scrape.
     */
    @Test
    void healthCoversEveryShardAndTheMetricsCountTheGuildsSetUp() throws Exception {
        bot.close();
        bot = null;
        int port = MetricsE2ETest.freePort();
        bot = HostedBotApplication.start(HostedSupport.settings(dir, discord, sonoran.baseUrl(), encryptionKey,
                Map.of("metrics.port", Integer.toString(port))));
        setUpBoth();
        var health = MetricsE2ETest.get(port, "/health");
        assertEquals(200, health.statusCode(), health.body());
        String scrape = MetricsE2ETest.get(port, "/metrics").body();
        assertEquals(2, MetricsE2ETest.sample(scrape, "livemap_guilds", ""), 0.0, scrape);
        assertFalse(scrape.contains(KEY_A) || scrape.contains(KEY_B) || scrape.contains(encryptionKey));
        assertEquals(2, bot.discord().shardStatuses().size(), "this process runs both shards");

        discord.dropConnection(4004); // authentication failed: the shard stays down
        long end = System.nanoTime() + WAIT.toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < end) {
            status = MetricsE2ETest.get(port, "/health").statusCode();
            Thread.sleep(20);
        }
        assertEquals(503, status, "a shard that is not connected makes the process unhealthy");
    }

    @Test
    void aWrongTokenStopsStartUpBeforeTheGateway() throws Exception {
        bot.close();
        bot = null;
        int identifies = discord.identifyCount();
        discord.acceptOnlyToken("another-token-entirely");
        StartupException refused = assertThrows(StartupException.class,
                () -> HostedBotApplication.start(settings(encryptionKey)));
        assertTrue(refused.getMessage().contains("Discord refused the bot token"), refused.getMessage());
        assertEquals(identifies, discord.identifyCount(), "no IDENTIFY spent on a wrong token");
    }

    @Test
    void aWrongEncryptionKeyRefusesToStart() throws Exception {
        setUpBoth();
        bot.close();
        bot = null;
        String other = KeyCipher.generateKey();
        StartupException refused = assertThrows(StartupException.class, () -> HostedBotApplication.start(settings(other)));
        assertTrue(refused.getMessage().contains("store.encryptionKey"), refused.getMessage());
        assertFalse(refused.getMessage().contains(other) || refused.getMessage().contains(encryptionKey));
        bot = HostedBotApplication.start(settings(encryptionKey));
        assertTrue(text(servers(GUILD_A)).contains("Alpha City"), "the right key still reads the stored settings");
    }

    private long rows(String sql) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("livemap-bot.db"));
             Statement statement = raw.createStatement();
             ResultSet r = statement.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
