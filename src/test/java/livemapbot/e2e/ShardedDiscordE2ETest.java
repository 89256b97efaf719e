package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.config.ConfigKey;
import livemapbot.config.Settings;
import livemapbot.discord.DiscordShards;
import livemapbot.discord.StartupException;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.RecordedCall;
import livemapbot.testing.TestSettings;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's sharded connection against the fake Discord: a real ShardManager per "process", a trivial listener that
 * answers {@code /where} with its shard, and {@code /slow} handed to the workers (for the graceful shutdown).
 */
class ShardedDiscordE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long ALICE = 1_200_000_000_000_000_010L;
    private static final List<CommandData> COMMANDS = List.of(
            Commands.slash("where", "Which shard answers"), Commands.slash("slow", "Work on the pool"));

    private FakeDiscord fake;
    private final List<DiscordShards> started = new ArrayList<>();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(shards -> shards.shutdown(Duration.ofSeconds(5)));
        pools.forEach(ExecutorService::shutdownNow);
        if (fake != null) {
            assertEquals(List.of(), fake.unknownRoutes(), "the bot called routes the fake does not serve");
            fake.close();
        }
    }

    /** The default guild and guilds 1..5 (shards of 2 alternate: 1, 0, 1, 0, 1, 0), Alice in each. */
    private void fakeWithGuilds(int recommendedShards) {
        fake = FakeDiscord.builder().recommendedShards(recommendedShards).maxConcurrency(recommendedShards).start();
        fake.guild().member(ALICE, "alice");
        fake.addGuilds(5, ALICE);
    }

    private Settings settings() {
        return TestSettings.builder().token(FakeJda.TOKEN).restUrl(fake.restUrl()).gatewayUrl(fake.gatewayUrl())
                .guild(FakeDiscord.DEFAULT_GUILD_ID).build();
    }

    private DiscordShards start(WhereBot bot, OptionalInt total, Set<Integer> ids)
            throws StartupException, InterruptedException {
        DiscordShards shards = DiscordShards.builder(settings())
                .listener(bot)
                .onStopAccepting(bot::stopAccepting)
                .workers(bot.workers)
                .globalCommands(COMMANDS)
                .shardTotal(total)
                .shardIds(ids)
                .readyTimeout(WAIT)
                .start();
        started.add(shards);
        return shards;
    }

    private WhereBot newBot() {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        pools.add(workers);
        return new WhereBot(workers);
    }

    @Test
    void everyGuildIsAnsweredByItsShardCommandsRegisteredGloballyOnce() throws Exception {
        fakeWithGuilds(2);
        WhereBot bot = newBot();
        DiscordShards shards = start(bot, OptionalInt.empty(), Set.of());

        assertEquals(2, shards.total(), "Discord's recommendation (gateway/bot) when no total is given");
        assertEquals(Map.of(0, JDA.Status.CONNECTED, 1, JDA.Status.CONNECTED), shards.shardStatuses());
        assertTrue(shards.registeredCommands());
        assertEquals(1, fake.globalCommandOverwrites(), "one bulk overwrite for the whole application");
        assertEquals(List.of("where", "slow"), names(fake.globalCommands()));
        for (var guild : fake.guilds()) {
            assertEquals(0, fake.registeredCommands(guild.id()).size(), "no guild commands in multi mode");
        }

        for (var guild : fake.guilds()) {
            int shard = FakeDiscord.Shard.of(guild.id(), 2);
            Interaction interaction = fake.slashCommandInGuild(guild.id(), ALICE, "where");
            assertEquals("guild " + guild.id() + " on shard " + shard,
                    fake.awaitCallback(interaction, WAIT).data().path("content").asText());
            assertNotNull(shards.guild(guild.id()), "cached on its shard");
            assertEquals(shard, shards.shardFor(guild.id()).getShardInfo().getShardId());
        }
        assertEquals(List.of(), bot.failures);
    }

    @Test
    void shutdownLetsQueuedWorkFinishAndSendItsReplyBeforeDisconnecting() throws Exception {
        fakeWithGuilds(2);
        WhereBot bot = newBot();
        DiscordShards shards = start(bot, OptionalInt.of(2), Set.of());
        long guildId = FakeDiscord.guildIdAt(3);
        Interaction slow = fake.slashCommandInGuild(guildId, ALICE, "slow");
        assertEquals(Callback.DEFERRED_REPLY, fake.awaitCallback(slow, WAIT).type());
        bot.awaitWorkStarted();

        shards.shutdown(Duration.ofSeconds(10));

        assertTrue(shards.isShuttingDown());
        assertTrue(bot.stopped.get(), "the listener was told to refuse new interactions first");
        JsonNode original = fake.awaitOriginal(slow, m -> m.path("content").asText().equals("done"), WAIT);
        assertNotNull(original);
        fake.awaitDisconnected(WAIT);
        RecordedCall edit = fake.awaitRequest(c -> c.method().equals("PATCH") && c.route().contains("@original"), WAIT);
        List<Long> closed = fake.gatewayClosedNanos();
        assertEquals(2, closed.size(), "both shards disconnected");
        assertTrue(closed.stream().allMatch(t -> t > edit.receivedNanos()),
                "the reply went out before any shard disconnected");
        shards.shutdown(Duration.ofSeconds(1)); // a second call does nothing
    }

    @Test
    void twoProcessesEachAnswerTheirOwnGuildsOnlyShardZeroRegisters() throws Exception {
        fakeWithGuilds(1); // the recommendation is not used: both processes name the total
        WhereBot first = newBot();
        WhereBot second = newBot();
        DiscordShards zero = start(first, OptionalInt.of(2), Set.of(0));
        DiscordShards one = start(second, OptionalInt.of(2), Set.of(1));

        assertEquals(Map.of(0, JDA.Status.CONNECTED), zero.shardStatuses());
        assertEquals(Map.of(1, JDA.Status.CONNECTED), one.shardStatuses());
        assertTrue(zero.registeredCommands());
        assertFalse(one.registeredCommands());
        assertEquals(1, fake.globalCommandOverwrites(), "only the process with shard 0 registers");

        Set<Long> onZero = new java.util.HashSet<>();
        Set<Long> onOne = new java.util.HashSet<>();
        for (var guild : fake.guilds()) {
            Interaction interaction = fake.slashCommandInGuild(guild.id(), ALICE, "where");
            int shard = FakeDiscord.Shard.of(guild.id(), 2);
            assertEquals("guild " + guild.id() + " on shard " + shard,
                    fake.awaitCallback(interaction, WAIT).data().path("content").asText());
            (shard == 0 ? onZero : onOne).add(guild.id());
            DiscordShards owner = shard == 0 ? zero : one;
            DiscordShards other = shard == 0 ? one : zero;
            assertTrue(owner.ownership().owns(guild.id()));
            assertFalse(other.ownership().owns(guild.id()));
            assertNotNull(owner.guild(guild.id()));
            assertNull(other.guild(guild.id()), "the other process does not hold it");
        }
        assertEquals(3, onZero.size());
        assertEquals(3, onOne.size());
        assertEquals(onZero, first.answeredGuilds(), "process 0 got only its own guilds' interactions");
        assertEquals(onOne, second.answeredGuilds(), "process 1 got only its own guilds' interactions");
    }

    @Test
    void shardIdsWithoutATotalAreRefusedBeforeConnecting() {
        fakeWithGuilds(2);
        StartupException e = assertThrows(StartupException.class,
                () -> start(newBot(), OptionalInt.empty(), Set.of(1)));
        assertTrue(e.getMessage().contains("discord.shardTotal"), e.getMessage());
        StartupException outside = assertThrows(StartupException.class,
                () -> start(newBot(), OptionalInt.of(2), Set.of(2)));
        assertTrue(outside.getMessage().contains("0 to 1"), outside.getMessage());
        assertEquals(0, fake.identifyCount());
    }

    @Test
    void aRefusedTokenIsAClearStartupError() {
        fakeWithGuilds(2);
        fake.acceptOnlyToken("another-token");
        StartupException e = assertThrows(StartupException.class,
                () -> start(newBot(), OptionalInt.empty(), Set.of()));
        assertTrue(e.getMessage().contains("refused the bot token"), e.getMessage());
        assertFalse(e.getMessage().contains(FakeJda.TOKEN));
    }

    @Test
    void anUnreachableGatewayEndsStartUpWithinTheBound() {
        fakeWithGuilds(2);
        Settings unreachable = TestSettings.builder().token(FakeJda.TOKEN).restUrl(fake.restUrl())
                .gatewayUrl("ws://127.0.0.1:1/").guild(FakeDiscord.DEFAULT_GUILD_ID).build();
        WhereBot bot = newBot();
        long began = System.nanoTime();
        StartupException e = assertThrows(StartupException.class, () -> DiscordShards.builder(unreachable)
                .listener(bot).workers(bot.workers).globalCommands(COMMANDS)
                .readyTimeout(Duration.ofSeconds(3)).start());
        assertTrue(Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(20)) < 0);
        assertTrue(e.getMessage().contains(ConfigKey.DISCORD_GATEWAY_URL.key()), e.getMessage());
        assertEquals(0, fake.globalCommandOverwrites());
    }

    private static List<String> names(JsonNode commands) {
        List<String> names = new ArrayList<>();
        commands.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** A trivial multi-guild listener: {@code /where} names the guild and shard; {@code /slow} works on the pool. */
    private static final class WhereBot extends ListenerAdapter {
        final ExecutorService workers;
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Long> answered = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.CountDownLatch workStarted = new java.util.concurrent.CountDownLatch(1);

        WhereBot(ExecutorService workers) {
            this.workers = workers;
        }

        void stopAccepting() {
            stopped.set(true);
        }

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            if (stopped.get()) {
                event.reply("restarting").setEphemeral(true).queue(null, failures::add);
                return;
            }
            answered.add(event.getGuild().getIdLong());
            switch (event.getName()) {
                case "where" -> event.reply("guild " + event.getGuild().getIdLong() + " on shard "
                        + event.getJDA().getShardInfo().getShardId()).queue(null, failures::add);
                case "slow" -> event.deferReply().queue(hook -> workers.execute(() -> {
                    workStarted.countDown();
                    try {
                        TimeUnit.MILLISECONDS.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    hook.editOriginal("done").queue(null, failures::add);
                }), failures::add);
                default -> event.reply("unknown").queue(null, failures::add);
            }
        }

        void awaitWorkStarted() throws InterruptedException {
            assertTrue(workStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the work never started");
        }

        Set<Long> answeredGuilds() {
            return answered.stream().collect(Collectors.toSet());
        }
    }
}
