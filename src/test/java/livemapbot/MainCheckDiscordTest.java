package livemapbot;

import livemapbot.testing.NoConfig;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.e2e.fake.FakeGuild.Overwrite;
import livemapbot.e2e.fake.FakeJda;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} with a token: the Sonoran part against the emulator, then the Discord pre-flight against the fake. */
class MainCheckDiscordTest {
    private static final long STAFF_ROLE = 1_300_000_000_000_000_001L;
    private static final long ANNOUNCE = 1_300_000_000_000_000_021L;
    private static final long AUDIT = 1_300_000_000_000_000_022L;
    private static final long UNKNOWN_ROLE = 1_300_000_000_000_000_099L;
    private static final long UNKNOWN_CHANNEL = 1_300_000_000_000_000_098L;

    private final SonoranEmulator emulator = SonoranEmulator.builder().build().start();
    private final FakeDiscord discord = FakeDiscord.start();
    @TempDir
    Path storeDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    MainCheckDiscordTest() {
        discord.guild().role(STAFF_ROLE, "Staff", 0)
                .textChannel(ANNOUNCE, "map-announcements")
                .textChannel(AUDIT, "map-audit");
    }

    @AfterEach
    void stop() {
        discord.close();
        emulator.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", FakeJda.TOKEN);
        env.put("DISCORD_GUILD_ID", Long.toString(discord.guild().id()));
        env.put("DISCORD_REST_URL", discord.restUrl());
        env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
        env.put("DISCORD_ANNOUNCE_CHANNEL_ID", Long.toString(ANNOUNCE));
        env.put("DISCORD_AUDIT_CHANNEL_ID", Long.toString(AUDIT));
        env.put("ACCESS_EDIT_ROLE_IDS", Long.toString(STAFF_ROLE));
        env.put("ACCESS_DEPLOY_ROLE_IDS", Long.toString(STAFF_ROLE));
        env.put("SONORAN_API_URL", emulator.baseUrl());
        env.put("SONORAN_COMMUNITY_ID", emulator.communityId());
        env.put("SONORAN_API_KEY", emulator.apiKey());
        return env;
    }

    private int check(Map<String, String> env) {
        // The store of a check run lives in the test's own directory, not in ./data.
        Map<String, String> withStore = new HashMap<>(env);
        withStore.putIfAbsent("STORE_URL", "jdbc:sqlite:" + storeDir.resolve("livemap-bot.db"));
        return Main.run(new String[]{"check", "--config", NoConfig.path()}, withStore,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private List<String> problemLines() {
        return output().lines().filter(l -> l.startsWith("PROBLEM: ")).toList();
    }

    @Test
    void allWellExitsZeroAndNamesTheBotAndGuild() {
        assertEquals(Main.OK, check(env()), output());
        assertTrue(output().contains("Discord: logged in as " + FakeDiscord.DEFAULT_BOT_NAME), output());
        assertTrue(output().contains("All checks passed."), output());
        assertTrue(problemLines().isEmpty(), output());
        assertEquals(0, discord.identifyCount(), "check must not open the gateway");
        assertTrue(discord.unknownRoutes().isEmpty(), discord.unknownRoutes().toString());
    }

    /**
     * Multi mode has no guild of its own (each guild is set up with /livemap): check logs in with
     * the token and reports nothing about a guild, roles or channels it does not use.
     */
    @Test
    void inMultiModeCheckLogsInWithoutCheckingAGuild() {
        Map<String, String> env = new HashMap<>();
        env.put("HOSTING_MODE", "multi");
        env.put("STORE_ENCRYPTION_KEY", livemapbot.store.KeyCipher.generateKey());
        env.put("DISCORD_TOKEN", FakeJda.TOKEN);
        env.put("DISCORD_REST_URL", discord.restUrl());
        env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());

        assertEquals(Main.OK, check(env), output());
        assertTrue(output().contains("Discord: logged in as " + FakeDiscord.DEFAULT_BOT_NAME), output());
        assertTrue(problemLines().isEmpty(), output());
        assertFalse(output().contains("guild 0"), output());
        assertEquals(0, discord.identifyCount(), "check must not open the gateway");
    }

    @Test
    void aWrongTokenIsOneLineAndNeverPrinted() {
        discord.acceptOnlyToken(FakeJda.TOKEN);
        String wrong = "wrong-token-0123456789abcdef";
        Map<String, String> env = env();
        env.put("DISCORD_TOKEN", wrong);

        assertEquals(Main.PROBLEMS, check(env), output());
        assertEquals(List.of("PROBLEM: Discord refused the bot token: copy it again from the Developer Portal "
                + "(Bot › Reset Token) into discord.token (DISCORD_TOKEN)."), problemLines());
        assertFalse(output().contains(wrong), output());
    }

    @Test
    void aGuildTheBotIsNotInGivesTheInviteUrl() {
        Map<String, String> env = env();
        env.put("DISCORD_GUILD_ID", "1300000000000000555");

        assertEquals(Main.PROBLEMS, check(env), output());
        List<String> problems = problemLines();
        assertEquals(1, problems.size(), output());
        String line = problems.get(0);
        assertTrue(line.contains("not a member of guild 1300000000000000555"), line);
        assertTrue(line.contains("client_id=" + discord.applicationId()), line);
        assertTrue(line.contains("scope=bot+applications.commands"), line);
    }

    @Test
    void anUnknownRoleIdIsNamedWithItsKey() {
        Map<String, String> env = env();
        env.put("ACCESS_EDIT_ROLE_IDS", STAFF_ROLE + "," + UNKNOWN_ROLE);

        assertEquals(Main.PROBLEMS, check(env), output());
        List<String> problems = problemLines();
        assertEquals(1, problems.size(), output());
        assertTrue(problems.get(0).contains("access.editRoleIds: there is no role " + UNKNOWN_ROLE), output());
    }

    @Test
    void aMissingAnnounceChannelIsAProblem() {
        Map<String, String> env = env();
        env.put("DISCORD_ANNOUNCE_CHANNEL_ID", Long.toString(UNKNOWN_CHANNEL));

        assertEquals(Main.PROBLEMS, check(env), output());
        List<String> problems = problemLines();
        assertEquals(1, problems.size(), output());
        assertTrue(problems.get(0).contains("discord.announceChannelId: there is no channel " + UNKNOWN_CHANNEL),
                output());
    }

    @Test
    void anOverwriteDenyingSendMessagesIsAProblemWithItsFix() {
        discord.guild().overwrites(ANNOUNCE, Overwrite.role(discord.guild().id(), 0, FakeGuild.SEND_MESSAGES));

        assertEquals(Main.PROBLEMS, check(env()), output());
        assertEquals(List.of("PROBLEM: The bot may not post in #map-announcements (" + ANNOUNCE
                + "): give it Send Messages there."), problemLines());
    }

    @Test
    void everyProblemGetsItsOwnLine() {
        discord.guild().overwrites(AUDIT, Overwrite.member(discord.botUserId(), 0,
                FakeGuild.VIEW_CHANNEL | FakeGuild.SEND_MESSAGES | FakeGuild.EMBED_LINKS));
        Map<String, String> env = env();
        env.put("ACCESS_VIEW_ROLE_IDS", Long.toString(UNKNOWN_ROLE));
        env.put("DISCORD_ANNOUNCE_CHANNEL_ID", Long.toString(UNKNOWN_CHANNEL));

        assertEquals(Main.PROBLEMS, check(env), output());
        List<String> problems = problemLines();
        assertEquals(3, problems.size(), output());
        assertTrue(problems.get(0).contains("access.viewRoleIds"), output());
        assertTrue(problems.get(1).contains("discord.announceChannelId"), output());
        assertTrue(problems.get(2).contains("#map-audit (" + AUDIT
                + "): give it View Channel, Send Messages and Embed Links there."), output());
        assertTrue(output().contains("3 problems found."), output());
    }

    @Test
    void withoutATokenDiscordIsSkipped() {
        Map<String, String> env = env();
        env.remove("DISCORD_TOKEN");

        assertEquals(Main.OK, check(env), output());
        assertTrue(output().contains("Discord: not checked"), output());
        assertTrue(discord.requests().isEmpty(), discord.requests().toString());
    }
}
