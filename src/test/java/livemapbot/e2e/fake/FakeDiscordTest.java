package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real JDA 6.5 with {@link PingBot} against the fake: one JDA for the class, since each start costs a READY. */
class FakeDiscordTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long STAFF_ROLE = 1_200_000_000_000_000_001L;
    private static final long ALICE = 1_200_000_000_000_000_010L;
    private static final long BOB = 1_200_000_000_000_000_011L;
    private static final long ANNOUNCEMENTS = 1_200_000_000_000_000_020L;
    private static final long RESTRICTED = 1_200_000_000_000_000_021L;
    private static final long LOCKED = 1_200_000_000_000_000_022L;

    private static FakeDiscord fake;
    private static PingBot bot;
    private static JDA jda;

    @BeforeAll
    static void connectBot() {
        fake = FakeDiscord.start();
        fake.guild()
                .role(STAFF_ROLE, "Staff", 0)
                .member(ALICE, "alice", STAFF_ROLE)
                .member(BOB, "bob")
                .textChannel(ANNOUNCEMENTS, "announcements")
                .textChannel(RESTRICTED, "restricted")
                .textChannel(LOCKED, "locked",
                        FakeGuild.Overwrite.role(FakeDiscord.BOT_ROLE_ID, 0, FakeGuild.SEND_MESSAGES));
        bot = new PingBot();
        jda = FakeJda.startAndAwaitReady(fake, bot);
        bot.awaitEvent("registered", WAIT);
    }

    @AfterEach
    void nothingWentWrong() {
        assertEquals(List.of(), fake.unknownRoutes(), "JDA called routes the fake does not serve");
        assertEquals(List.of(), bot.failures(), "JDA rejected an answer of the fake");
        bot.clearEvents();
    }

    @AfterAll
    static void disconnect() {
        if (jda != null) {
            FakeJda.shutdownCleanly(jda, WAIT);
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void readyAndGuildCreateFillJdasCache() {
        assertEquals(FakeDiscord.DEFAULT_BOT_USER_ID, jda.getSelfUser().getIdLong());
        assertEquals(FakeDiscord.DEFAULT_APPLICATION_ID, jda.getSelfUser().getApplicationIdLong());
        Guild guild = jda.getGuildById(FakeDiscord.DEFAULT_GUILD_ID);
        assertNotNull(guild, "guild cached");
        assertEquals(List.of("@everyone", "LiveMapBot", "Staff"),
                guild.getRoles().stream().map(Role::getName).sorted().toList());
        assertEquals(List.of("announcements", "general", "locked", "restricted"),
                guild.getTextChannels().stream().map(TextChannel::getName).sorted().toList());
        assertNotNull(guild.getSelfMember(), "bot's own member cached");
        assertTrue(fake.identifyCount() >= 1);
    }

    @Test
    void guildCommandBulkOverwriteIsRecordedAndEchoed() {
        JsonNode commands = fake.awaitRegisteredCommands(WAIT);
        List<String> names = new ArrayList<>();
        for (JsonNode command : commands) {
            names.add(command.path("name").asText());
            assertEquals(Long.toString(FakeDiscord.DEFAULT_APPLICATION_ID), command.path("application_id").asText());
            assertFalse(command.path("id").asText().isEmpty());
        }
        assertEquals(List.of("announce", "echo", "followup", "ping", "slow", "whoami"), names.stream().sorted().toList());
        String route = "applications/" + FakeDiscord.DEFAULT_APPLICATION_ID + "/guilds/" + FakeDiscord.DEFAULT_GUILD_ID
                + "/commands";
        assertTrue(fake.requests().stream().anyMatch(c -> c.method().equals("PUT") && c.route().equals(route)
                && c.status() == 200), "bulk overwrite recorded: " + fake.requests());
    }

    @Test
    void pingIsAnsweredWithTheEmbedAsAReply() {
        Interaction ping = fake.slashCommand(ALICE, "ping");

        Callback callback = fake.awaitCallback(ping, WAIT);
        assertEquals(Callback.REPLY, callback.type());
        assertEquals("Pong", callback.data().path("embeds").path(0).path("title").asText());
        assertTrue(callback.latencyNanos() > 0);
        JsonNode original = fake.awaitOriginal(ping, message -> true, WAIT);
        assertEquals("rich", original.path("embeds").path(0).path("type").asText());
        assertEquals(Long.toString(FakeDiscord.DEFAULT_BOT_USER_ID), original.path("author").path("id").asText());
        bot.awaitEvent("ping", WAIT); // JDA parsed the 200 callback response
    }

    @Test
    void deferredReplyThenEditShowsInOriginal() {
        Interaction slow = fake.slashCommand(BOB, "slow");

        assertEquals(Callback.DEFERRED_REPLY, fake.awaitCallback(slow, WAIT).type());
        JsonNode done = fake.awaitOriginal(slow,
                message -> message.path("embeds").path(0).path("title").asText().equals("Done"), WAIT);
        assertEquals(0, done.path("flags").asInt() & 128, "loading flag cleared by the edit");
        bot.awaitEvent("slow", WAIT);
    }

    @Test
    void buttonClickUpdatesTheMessageItSitsOn() {
        Interaction ping = fake.slashCommand(ALICE, "ping");
        fake.awaitOriginal(ping, message -> message.path("components").size() == 1, WAIT);

        Interaction click = fake.clickButtonOnOriginal(BOB, ping, "ping:update");

        assertEquals(Callback.UPDATE_MESSAGE, fake.awaitCallback(click, WAIT).type());
        JsonNode updated = fake.awaitOriginal(ping,
                message -> message.path("embeds").path(0).path("title").asText().equals("Updated via Update"), WAIT);
        assertEquals("by bob", updated.path("embeds").path(0).path("description").asText());
        assertEquals(0, updated.path("components").size());
        bot.awaitEvent("update", WAIT);
    }

    @Test
    void deferredButtonEditPatchesTheClickedMessage() {
        Interaction ping = fake.slashCommand(ALICE, "ping");
        fake.awaitOriginal(ping, message -> message.path("components").size() == 1, WAIT);

        Interaction click = fake.clickButtonOnOriginal(ALICE, ping, "ping:defer");

        assertEquals(Callback.DEFERRED_UPDATE, fake.awaitCallback(click, WAIT).type());
        fake.awaitOriginal(click,
                message -> message.path("embeds").path(0).path("title").asText().equals("Deferred edit via Defer"), WAIT);
        assertEquals(fake.latestOriginal(ping), fake.latestOriginal(click), "a click's @original is the clicked message");
        bot.awaitEvent("defer", WAIT);
    }

    @Test
    void followUpsAreStoredAndOriginalCanBeReadAndDeleted() {
        Interaction followup = fake.slashCommand(BOB, "followup");

        JsonNode followUp = fake.awaitFollowUp(followup, WAIT);
        assertEquals("follow-up to first", followUp.path("content").asText(), "GET @original answered the reply");
        bot.awaitEvent("followup", WAIT);
        assertTrue(fake.original(followup).isEmpty(), "DELETE @original removed it");
        assertEquals(1, fake.followUps(followup).size());
    }

    @Test
    void autocompleteIsAnsweredWithChoices() {
        Interaction typing = fake.autocomplete(ALICE, "echo", "word", "ap", Option.integer("times", 2));

        Callback callback = fake.awaitCallback(typing, WAIT);
        assertEquals(Callback.AUTOCOMPLETE_RESULT, callback.type());
        List<String> choices = new ArrayList<>();
        callback.data().path("choices").forEach(choice -> choices.add(choice.path("name").asText()));
        assertEquals(List.of("apple", "apricot"), choices);
    }

    @Test
    void stringIntegerAndBooleanOptionsReachTheBot() {
        Interaction echo = fake.slashCommand(BOB, "echo",
                Option.string("word", "hi"), Option.integer("times", 3), Option.bool("loud", true));

        assertEquals("HI HI HI", fake.awaitCallback(echo, WAIT).data().path("content").asText());
    }

    @Test
    void channelPostIsStoredPerChannel() {
        Interaction announce = fake.slashCommand(ALICE, "announce", Option.string("channel", Long.toString(ANNOUNCEMENTS)));

        JsonNode posted = fake.awaitChannelMessage(ANNOUNCEMENTS, WAIT);
        assertEquals("Announcement", posted.path("embeds").path(0).path("title").asText());
        assertEquals("rich", posted.path("embeds").path(0).path("type").asText());
        fake.awaitOriginal(announce, message -> message.path("content").asText()
                .equals("posted " + posted.path("id").asText()), WAIT);
        assertTrue(fake.callback(announce).orElseThrow().ephemeral());
    }

    @Test
    void forcedRejectionAnswers403MissingPermissions() {
        fake.rejectChannelPosts(RESTRICTED);

        Interaction announce = fake.slashCommand(ALICE, "announce", Option.string("channel", Long.toString(RESTRICTED)));

        fake.awaitOriginal(announce, message -> message.path("content").asText().equals("failed: 50013"), WAIT);
        assertEquals(List.of(), fake.channelMessages(RESTRICTED));
        assertTrue(fake.requests().stream().anyMatch(c -> c.route().equals("channels/" + RESTRICTED + "/messages")
                && c.status() == 403));
    }

    @Test
    void permissionOverwriteDenyingTheBotReachesJdasCache() {
        Interaction announce = fake.slashCommand(ALICE, "announce", Option.string("channel", Long.toString(LOCKED)));

        fake.awaitOriginal(announce,
                message -> message.path("content").asText().equals("missing permission: MESSAGE_SEND"), WAIT);
        assertTrue(fake.requests().stream().noneMatch(c -> c.route().equals("channels/" + LOCKED + "/messages")),
                "JDA refused locally, from the overwrite in GUILD_CREATE");
    }

    @Test
    void memberRoleChangesTravelWithTheNextInteraction() {
        Interaction before = fake.slashCommand(ALICE, "whoami");
        assertEquals("Staff", fake.awaitCallback(before, WAIT).data().path("content").asText());

        fake.guild().memberRoles(ALICE);
        try {
            Interaction after = fake.slashCommand(ALICE, "whoami");
            assertEquals("none", fake.awaitCallback(after, WAIT).data().path("content").asText());
        } finally {
            fake.guild().memberRoles(ALICE, STAFF_ROLE);
        }
    }

    @Test
    void closeFrame4000MakesJdaResume() {
        int identifies = fake.identifyCount();
        int resumes = fake.resumeCount();

        fake.dropConnection(4000);

        fake.awaitResumes(resumes + 1, WAIT);
        assertEquals(Callback.REPLY, fake.awaitCallback(fake.slashCommand(ALICE, "ping"), WAIT).type());
        assertEquals(identifies, fake.identifyCount(), "resumed, not re-identified");
    }

    @Test
    void tcpDropMakesJdaResume() {
        int identifies = fake.identifyCount();
        int resumes = fake.resumeCount();

        fake.dropTcp();

        fake.awaitResumes(resumes + 1, WAIT);
        assertEquals(Callback.REPLY, fake.awaitCallback(fake.slashCommand(ALICE, "ping"), WAIT).type());
        assertEquals(identifies, fake.identifyCount(), "resumed, not re-identified");
    }

    @Test
    void latencyProbeMeasuresSequentialPings() {
        List<Long> latencies = LatencyProbe.pingLatencies(fake, 20, BOB);

        assertEquals(20, latencies.size());
        assertTrue(latencies.stream().allMatch(nanos -> nanos > 0 && nanos < WAIT.toNanos()), latencies::toString);
        assertTrue(LatencyProbe.percentile(latencies, 50) <= LatencyProbe.percentile(latencies, 99));
    }
}
