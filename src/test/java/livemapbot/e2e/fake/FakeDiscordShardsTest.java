package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake serving several guilds over gateway shards, checked with a real JDA {@link ShardManager}: what a shard
 * sees is decided by Discord's rule {@code (guildId >> 22) % total}, which the fake applies.
 */
class FakeDiscordShardsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long ALICE = 1_200_000_000_000_000_010L;
    private static final long MANAGER_ROLE = 1_200_000_000_000_000_030L;

    private FakeDiscord fake;
    private ShardManager manager;
    private final ShardReporter reporter = new ShardReporter();

    @AfterEach
    void stop() {
        if (manager != null) {
            FakeJda.shutdownCleanly(manager, WAIT);
        }
        if (fake != null) {
            assertEquals(List.of(), fake.unknownRoutes(), "JDA called routes the fake does not serve");
            fake.close();
        }
        assertEquals(List.of(), reporter.failures, "JDA rejected an answer of the fake");
    }

    /** The default guild (shard 1 of 2) plus guilds 1..3 (shards 0, 1, 0), Alice a member of each. */
    private void startTwoShards() {
        fake = FakeDiscord.builder().recommendedShards(2).maxConcurrency(2).start();
        fake.guild().member(ALICE, "alice");
        fake.addGuilds(3, ALICE);
        manager = FakeJda.shardBuilder(fake).addEventListeners(reporter).build();
        FakeJda.awaitAllConnected(manager, 2, WAIT);
    }

    private static long guildAt(int index) {
        return FakeDiscord.guildIdAt(index);
    }

    @Test
    void eachShardIsReadyWithItsOwnGuildsOnly() {
        startTwoShards();
        assertEquals(2, manager.getShardsTotal(), "the fake's gateway/bot recommendation was used");
        assertEquals(Set.of(new FakeDiscord.Shard(0, 2), new FakeDiscord.Shard(1, 2)),
                Set.copyOf(fake.identifiedShards()));
        assertEquals(Set.of(guildAt(1), guildAt(3)), guildIds(manager.getShardById(0)));
        assertEquals(Set.of(guildAt(0), guildAt(2)), guildIds(manager.getShardById(1)));
        assertEquals(Set.of(new FakeDiscord.Shard(0, 2), new FakeDiscord.Shard(1, 2)), fake.connectedShards());
    }

    @Test
    void anInteractionArrivesOnTheShardThatOwnsItsGuild() {
        startTwoShards();
        for (int i = 0; i <= 3; i++) {
            long guildId = guildAt(i);
            Interaction interaction = fake.slashCommandInGuild(guildId, ALICE, "where");
            Callback callback = fake.awaitCallback(interaction, WAIT);
            assertEquals("guild " + guildId + " on shard " + FakeDiscord.Shard.of(guildId, 2),
                    callback.data().path("content").asText());
            assertEquals(guildId, interaction.guildId());
            JsonNode original = fake.awaitOriginal(interaction, m -> true, WAIT);
            assertEquals(Long.toString(guildId), original.path("guild_id").asText());
        }
    }

    @Test
    void aGlobalBulkOverwriteIsRecordedAndGuildCommandsStaySeparate() {
        startTwoShards();
        manager.getShardById(0).updateCommands().addCommands(Commands.slash("where", "Which shard")).complete();
        assertEquals(1, fake.globalCommandOverwrites());
        JsonNode global = fake.awaitGlobalCommands(WAIT);
        assertEquals(List.of("where"), names(global));
        assertEquals(0, fake.registeredCommands(guildAt(1)).size(), "no guild commands");

        Guild third = manager.getGuildById(guildAt(3));
        third.updateCommands().addCommands(Commands.slash("local", "Only here")).complete();
        assertEquals(List.of("local"), names(fake.registeredCommands(guildAt(3))));
        assertEquals(0, fake.registeredCommands(guildAt(1)).size(), "another guild's commands are its own");
        assertEquals(1, fake.globalCommandOverwrites(), "a guild overwrite is not a global one");
        assertEquals(List.of("where"), names(fake.globalCommands()));
    }

    @Test
    void joiningAndLeavingAGuildAtRuntimeReachTheOwningShard() throws InterruptedException {
        startTwoShards();
        long newGuild = guildAt(10); // (10 + base) % 2: the same shard as guild 0 — shard 1
        int owner = FakeDiscord.Shard.of(newGuild, 2);
        fake.join(fake.newGuild(newGuild, "Newcomers").member(ALICE, "alice"));
        assertEquals("join " + newGuild + " on shard " + owner, reporter.next());
        assertNotNull(manager.getShardById(owner).getGuildById(newGuild), "the owning shard caches the new guild");
        assertNull(manager.getShardById(1 - owner).getGuildById(newGuild));

        Interaction interaction = fake.slashCommandInGuild(newGuild, ALICE, "where");
        assertEquals("guild " + newGuild + " on shard " + owner,
                fake.awaitCallback(interaction, WAIT).data().path("content").asText());

        long leaving = guildAt(1);
        fake.leave(leaving);
        assertEquals("leave " + leaving + " on shard " + FakeDiscord.Shard.of(leaving, 2), reporter.next());
        assertNull(manager.getGuildById(leaving), "JDA forgot the guild");
        assertTrue(fake.findGuild(leaving).isEmpty());
    }

    @Test
    void theMembersPermissionsFieldFollowsTheirRoles() {
        fake = FakeDiscord.start();
        fake.guild().role(MANAGER_ROLE, "Managers", FakeGuild.MANAGE_SERVER)
                .member(ALICE, "alice", MANAGER_ROLE)
                .member(ALICE + 1, "bob");
        manager = FakeJda.shardBuilder(fake).addEventListeners(reporter).build();
        FakeJda.awaitAllConnected(manager, 1, WAIT);

        Interaction alice = fake.slashCommand(ALICE, "manage");
        assertEquals("manage: true", fake.awaitCallback(alice, WAIT).data().path("content").asText());
        Interaction bob = fake.slashCommand(ALICE + 1, "manage");
        assertEquals("manage: false", fake.awaitCallback(bob, WAIT).data().path("content").asText());
        assertEquals(FakeGuild.MANAGE_SERVER, reporter.permissionBits.get(0) & FakeGuild.MANAGE_SERVER);
        assertEquals(0, reporter.permissionBits.get(1) & FakeGuild.MANAGE_SERVER);
    }

    private static Set<Long> guildIds(JDA shard) {
        return shard.getGuilds().stream().map(Guild::getIdLong).collect(Collectors.toSet());
    }

    private static List<String> names(JsonNode commands) {
        return java.util.stream.StreamSupport.stream(commands.spliterator(), false)
                .map(c -> c.path("name").asText()).toList();
    }

    /** Answers {@code /where} with its guild and shard, {@code /manage} with Manage Server; reports joins and leaves. */
    private static final class ShardReporter extends ListenerAdapter {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<Long> permissionBits = new CopyOnWriteArrayList<>();

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            String answer = switch (event.getName()) {
                case "where" -> "guild " + event.getGuild().getIdLong() + " on shard "
                        + event.getJDA().getShardInfo().getShardId();
                case "manage" -> {
                    permissionBits.add(Permission.getRaw(event.getMember().getPermissions()));
                    yield "manage: " + event.getMember().hasPermission(Permission.MANAGE_SERVER);
                }
                default -> "unknown";
            };
            event.reply(answer).queue(null, failures::add);
        }

        @Override
        public void onGuildJoin(GuildJoinEvent event) {
            events.add("join " + event.getGuild().getIdLong() + " on shard " + event.getJDA().getShardInfo().getShardId());
        }

        @Override
        public void onGuildLeave(GuildLeaveEvent event) {
            events.add("leave " + event.getGuild().getIdLong() + " on shard " + event.getJDA().getShardInfo().getShardId());
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no join/leave event within " + WAIT.toMillis() + " ms");
            }
            return event;
        }
    }
}
