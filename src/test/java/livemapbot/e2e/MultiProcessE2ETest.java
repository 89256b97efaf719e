package livemapbot.e2e;

import livemapbot.BotApplication;
import livemapbot.HostedBotApplication;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.hosting.GuildSetup;
import livemapbot.hosting.ShardOwnership;
import livemapbot.store.Revision;
import livemapbot.store.RevisionSource;
import livemapbot.store.KeyCipher;
import livemapbot.store.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static livemapbot.e2e.HostedSupport.WAIT;
import static livemapbot.e2e.HostedSupport.members;
import static livemapbot.e2e.HostedSupport.servers;
import static livemapbot.e2e.HostedSupport.setUp;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * README "Hosting for many communities", sharding across processes: two processes, each running
 * one of two shards, share one PostgreSQL store and one Discord. Each answers its own guilds, the
 * commands are registered once, and a change made outside the bot is reported once: only the
 * process that holds a guild's shard watches it.
 */
class MultiProcessE2ETest {
    private static final long GUILD_A = FakeDiscord.DEFAULT_GUILD_ID;
    private static final long GUILD_B = FakeDiscord.guildIdAt(1);

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    /**
     * Start-up schedules each owned guild's wiring on the drift scheduler (the first at once, on its
     * thread); once that thread is idle, every watch of this process is scheduled.
     */
    private static void awaitAWatch(StepScheduler scheduler) throws Exception {
        scheduler.awaitIdle(WAIT);
    }

    @Test
    void twoProcessesSplitTheGuildsAndReportADriftOnce() throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        String key = KeyCipher.generateKey();
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, dirA);
             FakeDiscord discord = FakeDiscord.builder().recommendedShards(2).start();
             SonoranEmulator sonoranA = SonoranEmulator.builder().communityId("community-a").apiKey("key-a-123456")
                     .build().start();
             SonoranEmulator sonoranB = SonoranEmulator.builder().communityId("community-b").apiKey("key-b-123456")
                     .build().start();
             StepScheduler drift0 = new StepScheduler();
             StepScheduler drift1 = new StepScheduler()) {
            members(discord.guild());
            FakeGuild bravo = discord.newGuild(GUILD_B, "Bravo RP");
            members(bravo);
            discord.join(bravo);
            sonoranA.updateServer(1, s -> s.put("name", "Alpha City"));
            sonoranB.updateServer(1, s -> s.put("name", "Bravo Town"));
            try (SonoranCommunities sonoran = new SonoranCommunities(List.of(sonoranA, sonoranB))) {
                Map<String, String> store = new HashMap<>();
                store.put("store.url", database.settings().url());
                store.put("store.user", database.settings().user());
                store.put("store.password", database.settings().password().reveal());
                store.put("discord.shardTotal", "2");
                store.put("drift.intervalSeconds", "300");
                store.put("sonoran.cacheSeconds", "0");
                Map<String, String> shard0 = new HashMap<>(store);
                shard0.put("discord.shardIds", "0");
                Map<String, String> shard1 = new HashMap<>(store);
                shard1.put("discord.shardIds", "1");
                try (HostedBotApplication p0 = HostedBotApplication.start(
                        HostedSupport.settings(dirA, discord, sonoran.baseUrl(), key, shard0),
                        new BotApplication.Options(Clock.systemUTC(), new StepScheduler()));
                     HostedBotApplication p1 = HostedBotApplication.start(
                             HostedSupport.settings(dirB, discord, sonoran.baseUrl(), key, shard1),
                             new BotApplication.Options(Clock.systemUTC(), new StepScheduler()))) {
                    assertEquals(1, discord.globalCommandOverwrites(), "commands registered once, by shard 0's process");
                    setUp(discord, GUILD_A, "community-a", "key-a-123456");
                    setUp(discord, GUILD_B, "community-b", "key-b-123456");
                }
                // A restart of both: each process reads every guild's settings from the shared store.
                try (HostedBotApplication p0 = HostedBotApplication.start(
                        HostedSupport.settings(dirA, discord, sonoran.baseUrl(), key, shard0),
                        new BotApplication.Options(Clock.systemUTC(), drift0));
                     HostedBotApplication p1 = HostedBotApplication.start(
                             HostedSupport.settings(dirB, discord, sonoran.baseUrl(), key, shard1),
                             new BotApplication.Options(Clock.systemUTC(), drift1))) {
                    String a = text(servers(discord, GUILD_A));
                    String b = text(servers(discord, GUILD_B));
                    assertTrue(a.contains("Alpha City") && !a.contains("Bravo Town"), a);
                    assertTrue(b.contains("Bravo Town") && !b.contains("Alpha City"), b);

                    // Each guild's drift watch runs in the process that holds its shard, and only there.
                    int shardOfA = ShardOwnership.shardOf(GUILD_A, 2);
                    StepScheduler ownerOfA = shardOfA == 0 ? drift0 : drift1;
                    StepScheduler ownerOfB = shardOfA == 0 ? drift1 : drift0;
                    assertTrue(shardOfA != ShardOwnership.shardOf(GUILD_B, 2), "the two guilds are on two shards");
                    awaitAWatch(ownerOfA);
                    awaitAWatch(ownerOfB);
                    assertEquals(1, ownerOfA.waiting(), "one drift watch per process: its own guild's");
                    assertEquals(1, ownerOfB.waiting());

                    ownerOfA.elapseAndAwaitCheck(WAIT); // the baseline
                    sonoranA.updateServer(1, s -> s.put("mapIp", "203.0.113.77"));
                    ownerOfA.elapseAndAwaitCheck(WAIT);
                    ownerOfB.elapseAndAwaitCheck(WAIT);
                    ownerOfB.elapseAndAwaitCheck(WAIT);

                    List<Revision> history = p0.store().revisions().newestFirst(GuildSetup.storeCommunity(GUILD_A),
                            OptionalInt.empty(), 0, 20);
                    long outside = history.stream().filter(r -> r.source() == RevisionSource.OUTSIDE).count();
                    assertEquals(1, outside, "the outside change is recorded once: " + history);
                    assertEquals(0, p0.store().revisions().newestFirst(GuildSetup.storeCommunity(GUILD_B),
                            OptionalInt.empty(), 0, 20).stream().filter(r -> r.source() == RevisionSource.OUTSIDE).count(),
                            "nothing changed in B");
                }
            }
        }
    }
}
