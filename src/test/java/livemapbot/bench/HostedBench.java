package livemapbot.bench;

import livemapbot.BotApplication;
import livemapbot.HostedBotApplication;
import livemapbot.cad.CadOperation;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.config.Settings;
import livemapbot.discord.servers.ServersCommand;
import livemapbot.e2e.BotHarness;
import livemapbot.e2e.HostedSupport;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.LatencyProbe;
import livemapbot.history.Scheduler;
import livemapbot.hosting.GuildSetup;
import livemapbot.store.GuildSetupStore;
import livemapbot.store.KeyCipher;
import livemapbot.store.Store;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13's benchmark of multi-community mode ({@code -Dbench.only=hosted}): the real
 * {@link HostedBotApplication} with {@code bench.shardGuilds} (1,000) guilds set up, across {@code bench.shards} (4)
 * shards in one process, against the fake Discord and a Sonoran emulator on 127.0.0.1.
 *
 * <ul>
 *   <li>The guilds' settings are saved straight into the store ({@link GuildSetupStore#save}, SQLite in a temp dir)
 *       before the bot starts, not through 1,000 {@code /livemap setup}s. Each guild has a community id and API key
 *       of its own; one emulator answers them all behind a {@link CountingSonoranFront} that counts every call per
 *       community (the emulator's rate limit is off, its default: after the front, all share its one key).</li>
 *   <li>Bot A (max_concurrency = shards): start → all shards connected; heap after GC with no community wired;
 *       one {@code /servers} in every guild (each wires its community: directory, cache, pacer, commands, drift
 *       watch, plan lookup); heap after GC again; the difference / guilds is the heap per community, with the class
 *       histogram's biggest growers. Its drift watch is on (60 s) but on a scheduler that holds every task and never
 *       runs one, so nothing is wired or read in the background while it is measured. Then {@code /servers}
 *       (cached: {@code sonoran.cacheSeconds=3600}) at {@code bench.shardRate} (50/s) spread over the guilds,
 *       interleaved in rounds with a single-mode {@code BotApplication} ({@link BotHarness}, same cache) answering
 *       {@code /servers} in its one guild at the same rate.</li>
 *   <li>Bot B (max_concurrency 1, as Discord gives most bots; same store): the drift watch on at its minimum
 *       ({@code drift.intervalSeconds=60}) on the real scheduler. Once every community is wired (its plan looked
 *       up), Sonoran calls are counted per community for {@code bench.hostedDriftMinutes} (2) minutes.</li>
 * </ul>
 */
final class HostedBench {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration DRIFT_INTERVAL = Duration.ofSeconds(60);
    /** JDA drops unused per-interaction rate-limit buckets every 30 s; heap readings come after that. */
    private static final Duration SETTLE = Duration.ofSeconds(31);
    private static final long KB = 1024;
    private static final long TARGET_PER_COMMUNITY = 50 * KB;

    record Sizes(int guilds, int shards, int commands, int warmup, double rate, int driftMinutes) {
        static Sizes fromSystemProperties() {
            ShardBench.Sizes s = ShardBench.Sizes.fromSystemProperties();
            return new Sizes(s.guilds(), s.shards(), s.commands(), s.warmup(), s.rate(),
                    Integer.getInteger("bench.hostedDriftMinutes", 2));
        }
    }

    /** A drift scheduler that keeps every task and runs none: drift watches exist but never fire. */
    private static final class HeldScheduler implements Scheduler {
        final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

        @Override
        public Scheduled schedule(Runnable task, Duration delay) {
            held.add(task);
            return () -> held.remove(task);
        }
    }

    private final Sizes s;
    private final Consumer<String> out;
    private final Path dir;
    private final String encryptionKey = KeyCipher.generateKey();
    private final List<Long> guildIds = new ArrayList<>();

    private HostedBench(Sizes sizes, Consumer<String> out) throws Exception {
        this.s = sizes;
        this.out = out;
        this.dir = Files.createTempDirectory("livemap-bench-hosted");
        guildIds.add(FakeDiscord.DEFAULT_GUILD_ID);
        for (int i = 1; i < sizes.guilds; i++) {
            guildIds.add(FakeDiscord.guildIdAt(i));
        }
    }

    static void run(Consumer<String> line) throws Exception {
        new HostedBench(Sizes.fromSystemProperties(), line).measure();
    }

    private void measure() throws Exception {
        // A throw-away single-mode bot first, so that neither measured start pays for the JVM's class loading.
        try (BotHarness warm = BotHarness.start()) {
            LatencyProbe.pacedLatencies(warm.discord, List.of(FakeDiscord.DEFAULT_GUILD_ID), BotHarness.VIEWER,
                    ServersCommand.NAME, 50, s.rate, WAIT);
        }
        try (SonoranEmulator emulator = SonoranEmulator.builder().rateLimit(false).build().start();
             CountingSonoranFront sonoran = new CountingSonoranFront(emulator, s.guilds)) {
            Duration seeded = seedStore(sonoran.baseUrl());
            progress("store: " + s.guilds + " guild settings saved in " + Benchmark.ms(seeded));

            BotA a = botA(emulator, sonoran);
            DriftRun b = botB(emulator, sonoran);
            report(seeded, a, b);
        }
    }

    // ------------------------------------------------------------------ set-up

    private Settings settings(FakeDiscord discord, String sonoranUrl, Map<String, String> more) throws Exception {
        Map<String, String> keys = new HashMap<>(more);
        keys.put("discord.shardTotal", Integer.toString(s.shards));
        return HostedSupport.settings(dir, discord, sonoranUrl, encryptionKey, keys);
    }

    /** Every guild's settings, saved in the store the bots will open; how long that took. */
    private Duration seedStore(String sonoranUrl) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        try (FakeDiscord placeholder = FakeDiscord.start()) {
            Settings settings = settings(placeholder, sonoranUrl, Map.of());
            long began = System.nanoTime();
            try (Store store = Store.open(settings.store())) {
                GuildSetupStore setups = store.guildSetups(KeyCipher.of(settings.hosting().encryptionKey()));
                Instant now = Instant.now();
                for (int i = 0; i < guildIds.size(); i++) {
                    setups.save(new GuildSetup(guildIds.get(i), CountingSonoranFront.communityId(i),
                            Secret.of(CountingSonoranFront.apiKey(i)), ApiVersion.V1, Set.of(), Set.of(), Set.of(),
                            OptionalLong.empty(), OptionalLong.empty(), "PLUS", now, null));
                }
                if (setups.count() != guildIds.size()) {
                    throw new IllegalStateException("the store holds " + setups.count() + " guilds, not " + guildIds.size());
                }
            }
            return Duration.ofNanos(System.nanoTime() - began);
        }
    }

    // ------------------------------------------------------------------ bot A: start, heap, latency

    record BotA(Duration start, long heapConnected, long heapWired, List<String> growers, int versionCallsBefore,
                int versionCallsWiring, int listCallsWiring, List<Long> firstAcks, List<Long> hosted,
                List<Long> single, Duration singleStart, int rounds) {
        long perCommunity(int guilds) {
            return (heapWired - heapConnected) / guilds;
        }
    }

    private BotA botA(SonoranEmulator emulator, CountingSonoranFront sonoran) throws Exception {
        HeldScheduler held = new HeldScheduler();
        try (FakeDiscord discord = ShardBench.fakeWithGuilds(s.guilds, s.shards, s.shards)) {
            Settings settings = settings(discord, sonoran.baseUrl(),
                    Map.of("drift.intervalSeconds", Long.toString(DRIFT_INTERVAL.toSeconds()),
                            "sonoran.cacheSeconds", "3600"));
            long began = System.nanoTime();
            HostedBotApplication bot = HostedBotApplication.start(settings,
                    new BotApplication.Options(Clock.systemUTC(), held));
            Duration start = Duration.ofNanos(System.nanoTime() - began);
            try {
                requireAllShardsConnected(discord);
                progress("bot A: all " + s.shards + " shards connected in " + Benchmark.ms(start));
                int versionBefore = (int) sonoran.total(CadOperation.GET_VERSION);
                long heapConnected = Benchmark.heapUsedAfterGc();
                Map<String, long[]> histogramBefore = histogram();

                // One /servers in every guild: each wires its community (uncached: plan lookup + server list).
                int[][] beforeWiring = sonoran.snapshot();
                List<Interaction> first = LatencyProbe.paced(discord, guildIds, ShardBench.MEMBER,
                        ServersCommand.NAME, guildIds.size(), s.rate);
                List<Long> firstAcks = new ArrayList<>();
                for (Interaction command : first) {
                    firstAcks.add(awaitAnswered(discord, command));
                }
                awaitPlanLookups(sonoran, beforeWiring, guildIds.size());
                int[][] afterWiring = sonoran.snapshot();
                progress("bot A: every guild answered its first /servers; settling " + SETTLE.toSeconds() + " s");
                settle(discord);
                long heapWired = Benchmark.heapUsedAfterGc();
                List<String> growers = growers(histogramBefore, histogram(), 12);

                // /servers, cached, at the rate over all guilds, interleaved with single mode.
                BotHarness single = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "3600").start();
                try {
                    List<Long> singleGuild = List.of(FakeDiscord.DEFAULT_GUILD_ID);
                    paced(discord, guildIds, ShardBench.MEMBER, s.warmup);
                    paced(single.discord, singleGuild, BotHarness.VIEWER, s.warmup);
                    List<Long> hosted = new ArrayList<>();
                    List<Long> singleAcks = new ArrayList<>();
                    int rounds = 5;
                    for (int done = 0; done < s.commands; ) {
                        int n = Math.min(Math.max(1, s.commands / rounds), s.commands - done);
                        hosted.addAll(paced(discord, guildIds, ShardBench.MEMBER, n));
                        singleAcks.addAll(paced(single.discord, singleGuild, BotHarness.VIEWER, n));
                        done += n;
                    }
                    progress("bot A: latency rounds done");
                    return new BotA(start, heapConnected, heapWired, growers, versionBefore,
                            total(afterWiring, beforeWiring, CadOperation.GET_VERSION),
                            total(afterWiring, beforeWiring, CadOperation.LIST_SERVERS), firstAcks, hosted,
                            singleAcks, single.startTime, rounds);
                } finally {
                    single.close();
                }
            } finally {
                bot.close();
            }
        }
    }

    private List<Long> paced(FakeDiscord discord, List<Long> guilds, long member, int count) {
        List<Long> measured = LatencyProbe.pacedLatencies(discord, guilds, member, ServersCommand.NAME, count, s.rate,
                WAIT);
        discord.forgetHistory();
        return measured;
    }

    /** Waits for the answer with the server list; the ack latency. */
    private static long awaitAnswered(FakeDiscord discord, Interaction command) {
        Callback ack = discord.awaitCallback(command, WAIT);
        if (!(ack.type() == Callback.REPLY && ack.data().path("embeds").size() > 0)) {
            discord.awaitOriginal(command, m -> m.path("embeds").size() > 0, WAIT);
        }
        return ack.latencyNanos();
    }

    /** Every community's plan lookup runs in the background once wired; waits until all have come. */
    private static void awaitPlanLookups(CountingSonoranFront sonoran, int[][] since, int communities) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (total(sonoran.snapshot(), since, CadOperation.GET_VERSION) < communities) {
            if (System.nanoTime() > deadline) {
                return; // reported as counted
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private static void settle(FakeDiscord discord) {
        discord.forgetHistory();
        LockSupport.parkNanos(SETTLE.toNanos()); // a benchmark: let JDA's clean-up run before the reading
        discord.forgetHistory();
    }

    private void requireAllShardsConnected(FakeDiscord discord) {
        if (discord.connectedShards().size() != s.shards) {
            throw new IllegalStateException("connected shards: " + discord.connectedShards());
        }
    }

    // ------------------------------------------------------------------ bot B: the drift watch's calls

    record DriftRun(Duration start, Duration allWired, int versionAtWiring, int[][] window, double minutes,
                    int listTotal, int versionTotal, int replaceTotal, int emulatorListInWindow, long heapWired,
                    long heapEnd, List<String> growers) {
        int windowTotal(CadOperation op) {
            int sum = 0;
            for (int[] community : window) {
                sum += community[op.ordinal()];
            }
            return sum;
        }
    }

    private DriftRun botB(SonoranEmulator emulator, CountingSonoranFront sonoran) throws Exception {
        try (FakeDiscord discord = ShardBench.fakeWithGuilds(s.guilds, s.shards, 1)) {
            Settings settings = settings(discord, sonoran.baseUrl(),
                    Map.of("drift.intervalSeconds", Long.toString(DRIFT_INTERVAL.toSeconds())));
            int[][] before = sonoran.snapshot();
            long began = System.nanoTime();
            HostedBotApplication bot = HostedBotApplication.start(settings,
                    new BotApplication.Options(Clock.systemUTC(), null));
            Duration start = Duration.ofNanos(System.nanoTime() - began);
            try {
                requireAllShardsConnected(discord);
                progress("bot B: all " + s.shards + " shards connected in " + Benchmark.ms(start)
                        + " (max_concurrency 1); waiting for every community to be wired by its drift watch");
                // Guilds are wired (plan lookup, then a check every interval) spread over the first interval.
                long deadline = System.nanoTime() + DRIFT_INTERVAL.plus(WAIT).toNanos();
                while (total(sonoran.snapshot(), before, CadOperation.GET_VERSION) < s.guilds
                        && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(100_000_000);
                }
                Duration allWired = Duration.ofNanos(System.nanoTime() - began);
                int[][] windowStart = sonoran.snapshot();
                int emulatorListStart = emulator.callCount(CadOperation.LIST_SERVERS);
                int versionAtWiring = total(windowStart, before, CadOperation.GET_VERSION);
                long windowBegan = System.nanoTime();
                long windowEnd = windowBegan + Duration.ofMinutes(s.driftMinutes).toNanos();
                // The first reading once every community has made its first check (its list read and cached),
                // the second at the end: what the checks themselves keep adding shows between the two.
                long firstInterval = windowBegan + DRIFT_INTERVAL.toNanos();
                long heapWired = -1;
                Map<String, long[]> histogramWired = null;
                while (System.nanoTime() < windowEnd) {
                    if (heapWired < 0 && System.nanoTime() >= firstInterval) {
                        heapWired = Benchmark.heapUsedAfterGc();
                        histogramWired = histogram();
                    }
                    long next = heapWired < 0 && firstInterval < windowEnd ? firstInterval : windowEnd;
                    LockSupport.parkNanos(Math.max(0, Math.min(30_000_000_000L, next - System.nanoTime())));
                    progress(String.format(Locale.ROOT, "bot B: %.0f s of %d min counted, %d GET_SERVERS so far",
                            (System.nanoTime() - windowBegan) / 1e9, s.driftMinutes,
                            total(sonoran.snapshot(), windowStart, CadOperation.LIST_SERVERS)));
                }
                int[][] end = sonoran.snapshot();
                double minutes = (System.nanoTime() - windowBegan) / 60e9;
                int emulatorList = emulator.callCount(CadOperation.LIST_SERVERS) - emulatorListStart;
                int[][] window = diff(end, windowStart);
                long heapEnd = Benchmark.heapUsedAfterGc();
                Map<String, long[]> histogramEnd = histogram();
                if (heapWired < 0) { // a window of one interval or less: both readings at its end
                    heapWired = heapEnd;
                    histogramWired = histogramEnd;
                }
                List<String> growers = growers(histogramWired, histogramEnd, 6);
                return new DriftRun(start, allWired, versionAtWiring, window, minutes,
                        total(end, before, CadOperation.LIST_SERVERS), total(end, before, CadOperation.GET_VERSION),
                        total(end, before, CadOperation.REPLACE_SERVERS), emulatorList, heapWired, heapEnd, growers);
            } finally {
                bot.close();
            }
        }
    }

    // ------------------------------------------------------------------ the figures

    private void report(Duration seeded, BotA a, DriftRun b) {
        int n = s.guilds;
        String rate = String.format(Locale.ROOT, "%.0f/s", s.rate);
        out.accept("| `HostedBotApplication`: " + n + " guilds set up, " + s.shards + " shards, one process | Result "
                + "| Target |");
        out.accept("|---|---|---|");
        out.accept("| Set-up: " + n + " guilds' settings saved straight into the store (SQLite, temp dir) with "
                + "`GuildSetupStore.save`, not " + n + " `/livemap setup`s; each its own community id and API key; "
                + "one emulator (rate limit off) behind a front that counts calls per community | " + Benchmark.ms(seeded)
                + " | — |");
        out.accept("| Start → all " + s.shards + " shards CONNECTED (READY + every guild cached), commands registered: "
                + "max_concurrency " + s.shards + " (bot A) / 1 (bot B, Discord's for most bots) | "
                + Benchmark.ms(a.start) + " / " + Benchmark.ms(b.start) + " | — |");
        out.accept("| Heap after GC, bot connected, no community wired (Sonoran calls so far: " + a.versionCallsBefore
                + ") | " + Benchmark.mib(a.heapConnected) + " | — |");
        out.accept("| Heap after GC, one `/servers` answered in every guild (" + n + " communities wired: directory "
                + "with its cached list, pacer, commands, trail, gate, drift watch) | " + Benchmark.mib(a.heapWired)
                + " | — |");
        long per = a.perCommunity(n);
        out.accept(String.format(Locale.ROOT, "| **Heap per community** (difference / %d) | **%.1f KB** | ≤ 50 KB %s |",
                n, per / 1024.0, per <= TARGET_PER_COMMUNITY ? "✓" : "✗"));
        out.accept("| First `/servers` in a guild (wires its community; uncached) at " + rate + " — ack p50 / p99 / max "
                + "(n=" + a.firstAcks.size() + ") | " + summary(a.firstAcks) + " | — |");
        out.accept("| Sonoran calls while wiring " + n + " communities: plan lookups (GET_VERSION) / server lists "
                + "(GET_SERVERS) | " + a.versionCallsWiring + " / " + a.listCallsWiring + " | 1 / 1 per community |");
        double p99Ratio = (double) LatencyProbe.percentile(a.hosted, 99) / LatencyProbe.percentile(a.single, 99);
        double p50Ratio = (double) LatencyProbe.percentile(a.hosted, 50) / LatencyProbe.percentile(a.single, 50);
        out.accept("| Ack latency `/servers` (cached) at " + rate + " spread over " + n + " guilds — p50 / p99 / max "
                + "(n=" + a.hosted.size() + " in " + a.rounds + " rounds, after " + s.warmup + " warm-up) | "
                + summary(a.hosted) + " | — |");
        out.accept("| Same in single mode (`BotApplication`, one guild, same cache, same rate, rounds interleaved; "
                + "started in " + Benchmark.ms(a.singleStart) + ") — p50 / p99 / max (n=" + a.single.size() + ") | "
                + summary(a.single) + " | — |");
        out.accept(String.format(Locale.ROOT, "| Multi / single: p50 / p99 | %.2f× / **%.2f×** | p99 ≤ 2× %s |",
                p50Ratio, p99Ratio, p99Ratio <= 2.0 ? "✓" : "✗"));

        int[] lists = new int[n];
        int max = 0;
        int min = Integer.MAX_VALUE;
        long sum = 0;
        int versionInWindow = 0;
        for (int c = 0; c < n; c++) {
            lists[c] = b.window[c][CadOperation.LIST_SERVERS.ordinal()];
            max = Math.max(max, lists[c]);
            min = Math.min(min, lists[c]);
            sum += lists[c];
            versionInWindow += b.window[c][CadOperation.GET_VERSION.ordinal()];
        }
        double perMinute = sum / (double) n / b.minutes;
        double intervalsInWindow = b.minutes * 60 / DRIFT_INTERVAL.toSeconds();
        out.accept(String.format(Locale.ROOT, "| Drift watch on (`drift.intervalSeconds=%d`, bot B): every community "
                        + "wired (plan looked up: %d of %d) %.1f s after the start; then counted for %.2f min | — | — |",
                DRIFT_INTERVAL.toSeconds(), b.versionAtWiring, n, b.allWired.toNanos() / 1e9, b.minutes));
        out.accept(String.format(Locale.ROOT, "| **Sonoran calls per community per minute** (server lists; mean) / "
                        + "per community in the window: min / max (%.2f intervals) | **%.2f** / %d / %d | ≤ 1 per "
                        + "interval %s |", intervalsInWindow, perMinute, min, max,
                max <= Math.ceil(intervalsInWindow) && perMinute <= 60.0 / DRIFT_INTERVAL.toSeconds() ? "✓" : "✗"));
        out.accept("| In the window: GET_SERVERS counted by the front / by the emulator; GET_VERSION; writes | " + sum
                + " / " + b.emulatorListInWindow + "; " + versionInWindow + "; "
                + b.windowTotal(CadOperation.REPLACE_SERVERS) + " | — |");
        out.accept("| Bot B's whole run: GET_SERVERS / GET_VERSION (the plan lookup at wiring, then hourly) / writes "
                + "| " + b.listTotal + " / " + b.versionTotal + " / " + b.replaceTotal + " | — |");
        out.accept("| Heap after GC, bot B: one interval into the window (every community has checked once, its "
                + "list cached) / at its end, after " + String.format(Locale.ROOT, "%.2f", b.minutes)
                + " min (growth per community) | "
                + Benchmark.mib(b.heapWired) + " / " + Benchmark.mib(b.heapEnd) + String.format(Locale.ROOT,
                " (%+.1f KB)", (b.heapEnd - b.heapWired) / 1024.0 / n) + " | — |");
        out.accept("");
        out.accept("Biggest heap growers between bot A's two readings (class histogram after GC, per community):");
        out.accept("");
        out.accept("| Class | Instances / community | Bytes / community |");
        out.accept("|---|---|---|");
        for (String grower : a.growers) {
            out.accept(grower);
        }
        out.accept("");
        out.accept("Biggest heap growers in bot B between its two readings (per community):");
        out.accept("");
        out.accept("| Class | Instances / community | Bytes / community |");
        out.accept("|---|---|---|");
        for (String grower : b.growers) {
            out.accept(grower);
        }
    }

    private static String summary(List<Long> nanos) {
        return Benchmark.ms(LatencyProbe.percentile(nanos, 50)) + " / " + Benchmark.ms(LatencyProbe.percentile(nanos, 99))
                + " / " + Benchmark.ms(nanos.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private static int total(int[][] now, int[][] since, CadOperation op) {
        int sum = 0;
        for (int c = 0; c < now.length; c++) {
            sum += now[c][op.ordinal()] - since[c][op.ordinal()];
        }
        return sum;
    }

    private static int[][] diff(int[][] now, int[][] since) {
        int[][] d = new int[now.length][];
        for (int c = 0; c < now.length; c++) {
            d[c] = new int[now[c].length];
            for (int o = 0; o < now[c].length; o++) {
                d[c][o] = now[c][o] - since[c][o];
            }
        }
        return d;
    }

    private static void progress(String line) {
        System.out.println("hosted: " + line);
    }

    // ------------------------------------------------------------------ class histogram

    private static final Pattern HISTO_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** The live objects' class histogram (it runs a full GC first): class → {instances, bytes}. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = HISTO_ROW.matcher(line);
            if (m.find()) {
                rows.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
            }
        }
        return rows;
    }

    /** The {@code top} classes that grew most in bytes, as table rows per community. */
    private List<String> growers(Map<String, long[]> before, Map<String, long[]> after, int top) {
        record Growth(String type, long instances, long bytes) {
        }
        List<Growth> growth = new ArrayList<>();
        after.forEach((type, now) -> {
            long[] then = before.getOrDefault(type, new long[2]);
            growth.add(new Growth(type, now[0] - then[0], now[1] - then[1]));
        });
        growth.sort((x, y) -> Long.compare(y.bytes, x.bytes));
        List<String> rows = new ArrayList<>();
        for (Growth g : growth.subList(0, Math.min(top, growth.size()))) {
            rows.add(String.format(Locale.ROOT, "| `%s` | %.1f | %.0f B |", g.type, g.instances / (double) s.guilds,
                    g.bytes / (double) s.guilds));
        }
        return rows;
    }
}
