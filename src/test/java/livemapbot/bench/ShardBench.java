package livemapbot.bench;

import livemapbot.discord.DiscordShards;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.LatencyProbe;
import livemapbot.testing.TestSettings;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The multi-community figures ({@code -Dbench.only=shards}, issue 13): {@code bench.shardGuilds} set-up guilds
 * (1,000) across {@code bench.shards} shards (4) in one process — start-up until every shard is CONNECTED (READY
 * and all its guilds cached) and the commands are registered, and the ack latency (INTERACTION_CREATE sent →
 * callback received) of a trivial reply at {@code bench.shardRate} commands/s (50) spread over all the guilds —
 * next to a single-guild JDA answering the same reply at the same rate.
 *
 * <p>What answers is a {@link BotStarter}: by default {@link #sharded} with a trivial listener; the real multi-mode
 * bot plugs in as another starter (it must return once all its shards are ready, and answer {@code /ping}).
 */
final class ShardBench {
    /** The member who sends the commands, a member of every guild. */
    static final long MEMBER = 1_300_000_000_000_000_002L;
    static final List<CommandData> COMMANDS = List.of(Commands.slash("ping", "Replies with a fixed embed"));
    private static final Duration WAIT_EACH = Duration.ofSeconds(30);

    /** Starts a bot against the fake and returns once every shard of it is ready; closing it shuts it down. */
    @FunctionalInterface
    interface BotStarter {
        AutoCloseable start(FakeDiscord fake) throws Exception;
    }

    /** The benchmark's sizes; each a {@code -Dbench.…} system property. */
    record Sizes(int guilds, int shards, int commands, int warmup, double rate) {
        static Sizes fromSystemProperties() {
            return new Sizes(Integer.getInteger("bench.shardGuilds", 1000),
                    Integer.getInteger("bench.shards", 4),
                    Integer.getInteger("bench.shardCommands", 1000),
                    Integer.getInteger("bench.shardWarmup", 200),
                    Double.parseDouble(System.getProperty("bench.shardRate", "50")));
        }
    }

    /** One target: its fake, the running bot, and its figures. */
    private static final class Target implements AutoCloseable {
        final FakeDiscord fake;
        final List<Long> guildIds;
        final AutoCloseable bot;
        final Duration start;
        final long heapHeld;
        final List<Long> latencies = new ArrayList<>();

        /** Starts the bot and measures start → ready, and the heap it holds once connected. */
        Target(FakeDiscord fake, BotStarter starter) throws Exception {
            this.fake = fake;
            this.guildIds = fake.guilds().stream().map(FakeGuild::id).toList();
            long heapBefore = Benchmark.heapUsedAfterGc();
            long began = System.nanoTime();
            this.bot = starter.start(fake);
            this.start = Duration.ofNanos(System.nanoTime() - began);
            this.heapHeld = Benchmark.heapUsedAfterGc() - heapBefore;
        }

        List<Long> paced(int count, double rate) {
            List<Long> measured = LatencyProbe.pacedLatencies(fake, guildIds, MEMBER, "ping", count, rate, WAIT_EACH);
            fake.forgetHistory();
            return measured;
        }

        String latencySummary() {
            return Benchmark.ms(LatencyProbe.percentile(latencies, 50)) + " / "
                    + Benchmark.ms(LatencyProbe.percentile(latencies, 99)) + " / "
                    + Benchmark.ms(latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
        }

        @Override
        public void close() throws Exception {
            try {
                bot.close();
            } finally {
                fake.close();
            }
        }
    }

    private ShardBench() {
    }

    /**
     * A {@link DiscordShards} running every shard (the total from the fake's recommendation), each shard's events to
     * a listener from {@code listenerFactory} (one listener for the manager), the commands registered globally.
     */
    static BotStarter sharded(Supplier<? extends ListenerAdapter> listenerFactory, List<CommandData> commands) {
        return fake -> {
            ExecutorService workers = Executors.newFixedThreadPool(2);
            DiscordShards shards = DiscordShards.builder(TestSettings.builder().token(FakeJda.TOKEN)
                            .restUrl(fake.restUrl()).gatewayUrl(fake.gatewayUrl()).build())
                    .listener(listenerFactory.get())
                    .workers(workers)
                    .globalCommands(commands)
                    .shardTotal(OptionalInt.empty())
                    .shardIds(Set.of())
                    .start();
            return () -> {
                shards.shutdown(Duration.ofSeconds(5));
                workers.shutdownNow();
            };
        };
    }

    /** A bare JDA for the fake's one guild, the floor to compare with. */
    static BotStarter singleGuild(Supplier<? extends ListenerAdapter> listenerFactory) {
        return fake -> {
            JDA jda = FakeJda.startAndAwaitReady(fake, listenerFactory.get());
            return () -> FakeJda.shutdownCleanly(jda, Duration.ofSeconds(10));
        };
    }

    /** A fake with {@code guilds} guilds in all (the default one and {@code guilds - 1} more), {@link #MEMBER} in each. */
    static FakeDiscord fakeWithGuilds(int guilds, int recommendedShards, int maxConcurrency) {
        FakeDiscord fake = FakeDiscord.builder().recommendedShards(recommendedShards).maxConcurrency(maxConcurrency)
                .start();
        fake.guild().member(MEMBER, "member");
        fake.addGuilds(guilds - 1, MEMBER);
        return fake;
    }

    /** The trivial listener on {@link DiscordShards} against the single-guild floor. */
    static void run(Consumer<String> line) throws Exception {
        Supplier<ListenerAdapter> pong = PongListener::new;
        compare(line, Sizes.fromSystemProperties(), "`DiscordShards`, trivial listener", sharded(pong, COMMANDS),
                singleGuild(pong));
    }

    /**
     * The figures of {@code multi} (started against a fake with all the guilds and shards) next to {@code floor}
     * (against a one-guild fake): a throw-away single-guild start warms the JVM; the multi start is measured with
     * max_concurrency 1 (start-up only) and with max_concurrency = shards (kept running); then both answer the
     * same paced load, warm-up first, in interleaved rounds so that a neighbour's load hits both alike.
     */
    static void compare(Consumer<String> line, Sizes s, String multiName, BotStarter multi, BotStarter floor)
            throws Exception {
        try (Target warm = new Target(fakeWithGuilds(1, 1, 1), floor)) {
            warm.paced(Math.min(50, s.warmup), s.rate);
        }
        Duration discordPaced;
        try (Target paced = new Target(fakeWithGuilds(s.guilds, s.shards, 1), multi)) {
            discordPaced = paced.start;
        }
        try (Target single = new Target(fakeWithGuilds(1, 1, 1), floor);
             Target shards = new Target(fakeWithGuilds(s.guilds, s.shards, s.shards), multi)) {
            shards.paced(s.warmup, s.rate);
            single.paced(s.warmup, s.rate);
            int rounds = 5;
            for (int done = 0; done < s.commands; ) {
                int n = Math.min(Math.max(1, s.commands / rounds), s.commands - done);
                shards.latencies.addAll(shards.paced(n, s.rate));
                single.latencies.addAll(single.paced(n, s.rate));
                done += n;
            }

            String rate = String.format(Locale.ROOT, "%.0f/s", s.rate);
            line.accept("| Multi-community: " + s.guilds + " guilds, " + s.shards + " shards in one process ("
                    + multiName + ") | Result | Single-guild JDA, same reply |");
            line.accept("|---|---|---|");
            line.accept("| Start → all " + s.shards + " shards CONNECTED (READY + every guild cached), commands "
                    + "registered: max_concurrency " + s.shards + " / 1 (Discord's for most bots: 5 s between "
                    + "shards) | " + Benchmark.ms(shards.start) + " / " + Benchmark.ms(discordPaced)
                    + " | `build()` → ready: " + Benchmark.ms(single.start) + " |");
            line.accept("| Ack latency, trivial embed reply at " + rate + " over all guilds — p50 / p99 / max (n="
                    + shards.latencies.size() + " in " + rounds + " rounds interleaved with the single guild, after "
                    + s.warmup + " warm-up) | " + shards.latencySummary() + " | " + single.latencySummary() + " |");
            line.accept("| p50 / p99 ratio to the single guild | " + String.format(Locale.ROOT, "%.2f× / %.2f×",
                    ratio(shards.latencies, single.latencies, 50), ratio(shards.latencies, single.latencies, 99))
                    + " | — |");
            line.accept("| Heap held by the connected bot after GC (" + s.guilds + " guilds cached / 1 guild) | "
                    + Benchmark.mib(shards.heapHeld) + " | " + Benchmark.mib(single.heapHeld) + " |");
        }
    }

    private static double ratio(List<Long> a, List<Long> b, double p) {
        return (double) LatencyProbe.percentile(a, p) / LatencyProbe.percentile(b, p);
    }

    /** The trivial reply both targets give: a fixed embed, answered on JDA's event thread. */
    static final class PongListener extends ListenerAdapter {
        private static final MessageEmbed PONG = new EmbedBuilder().setTitle("Pong").setDescription("fixed reply").build();

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.replyEmbeds(PONG).queue();
        }
    }
}
