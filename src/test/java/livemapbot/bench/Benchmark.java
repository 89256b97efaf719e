package livemapbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.CadOperation;
import livemapbot.discord.deploy.DeployMapCommand;
import livemapbot.discord.servers.ServerEmbeds;
import livemapbot.discord.servers.ServersCommand;
import livemapbot.discord.setmap.SetMapCommand;
import livemapbot.e2e.BotHarness;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.LatencyProbe;
import livemapbot.e2e.fake.Option;
import livemapbot.e2e.fake.PingBot;
import livemapbot.status.emulator.FakeFxServer;
import livemapbot.testing.MutableClock;
import net.dv8tion.jda.api.JDA;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Prints the bot's figures: acknowledgement latency next to a bare JDA bot's (the floor), how many
 * Sonoran calls the commands cost, the acknowledgement while Sonoran is slow, heap and start time,
 * and a soak ({@code bench.soak} interactions; heap after the first 1,000 against heap after all).
 * A program, not a test: it asserts nothing and is run only by the Maven profile {@code bench}
 * ({@code mvn -B -Pbench test-compile exec:exec}; the soak alone with {@code -Dbench.only=soak}, the live
 * status alone with {@code -Dbench.only=status}, the store alone with {@code -Dbench.only=store}, the
 * multi-community shards alone with {@code -Dbench.only=shards}, the real multi-community bot with 1,000 guilds
 * alone with {@code -Dbench.only=hosted}); the
 * figures also go to {@code target/bench/results.md} ({@code soak.md} for the soak alone).
 *
 * <p>Everything runs in this JVM on 127.0.0.1: the production {@code BotApplication} through
 * {@link BotHarness}, the fake Discord, the Sonoran emulator and {@link PingBot}. Counts are system
 * properties ({@code bench.*}, see {@link Sizes}).
 *
 * <p>The latency runs are interleaved in rounds (cached bot, uncached bot, floor, again) so that a
 * neighbour's load or late JIT compilation on this small machine hits all three alike.
 */
public final class Benchmark {
    private static final Duration WAIT = BotHarness.WAIT;
    /** The member who sends {@code /ping} to the floor bot. */
    private static final long PINGER = 1_300_000_000_000_000_001L;
    private static final Predicate<JsonNode> HAS_EMBEDS = m -> m.path("embeds").size() > 0;

    /** The run's sizes; every one a {@code -Dbench.…} system property. */
    record Sizes(int commands, int warmup, int rounds, int concurrent, int slowCommands, Duration slowDelay,
                    int soak, boolean soakOnly, boolean statusOnly, Path out) {
        static Sizes fromSystemProperties() {
            return new Sizes(
                    Integer.getInteger("bench.commands", 1000),
                    Integer.getInteger("bench.warmup", 200),
                    Integer.getInteger("bench.rounds", 10),
                    Integer.getInteger("bench.concurrent", 100),
                    Integer.getInteger("bench.slowCommands", 20),
                    Duration.ofSeconds(Integer.getInteger("bench.slowDelaySeconds", 5)),
                    Integer.getInteger("bench.soak", 20_000),
                    "soak".equals(System.getProperty("bench.only", "")),
                    "status".equals(System.getProperty("bench.only", "")),
                    Path.of(System.getProperty("bench.out", "target/bench/results.md")));
        }

        /** Interactions after which the soak takes its first heap reading: 1,000, or all of a shorter soak. */
        int soakBaseline() {
            return Math.min(SOAK_BASELINE, soak);
        }
    }

    /** The soak's first heap reading comes after this many interactions; the second after all of them. */
    static final int SOAK_BASELINE = 1_000;
    /** Allowed heap growth between the soak's two readings (issue 8). */
    static final long SOAK_ALLOWED_GROWTH = 2L * 1024 * 1024;
    /** Interactions in flight at once during the soak; the fake's record is cleared between batches. */
    private static final int SOAK_BATCH = 8;
    private static final int SOAK_FORGET_EVERY = 500;
    /**
     * Idle time before each soak reading: JDA keeps a rate-limit bucket per interaction token and
     * drops the unused ones every 30 s, so both readings are taken after that clean-up has run.
     */
    private static final Duration SOAK_SETTLE = Duration.ofSeconds(31);

    /** Latencies of one target, in nanoseconds. */
    record Latencies(String name, List<Long> values) {
        long median() {
            return LatencyProbe.percentile(values, 50);
        }

        long p99() {
            return LatencyProbe.percentile(values, 99);
        }

        long max() {
            return values.stream().mapToLong(Long::longValue).max().orElseThrow();
        }

        String summary() {
            return ms(median()) + " / " + ms(p99()) + " / " + ms(max());
        }
    }

    /** Sonoran calls one scenario cost. */
    record Calls(int reads, int writes) {
        static Calls since(BotHarness h, Calls before) {
            Calls now = of(h);
            return new Calls(now.reads - before.reads, now.writes - before.writes);
        }

        static Calls of(BotHarness h) {
            return new Calls(h.sonoran.callCount(CadOperation.LIST_SERVERS),
                    h.sonoran.callCount(CadOperation.REPLACE_SERVERS));
        }

        @Override
        public String toString() {
            return reads + " read" + (reads == 1 ? "" : "s") + " + " + writes + " write" + (writes == 1 ? "" : "s");
        }
    }

    private final Sizes sizes;
    private final Report report = new Report();

    private Benchmark(Sizes sizes) {
        this.sizes = sizes;
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            new Benchmark(Sizes.fromSystemProperties()).run();
        } catch (Throwable e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        // JDA and OkHttp keep non-daemon pool threads alive for a while; the figures are out, so end now.
        System.exit(status);
    }

    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    /** One part alone ({@code -Dbench.only=name}): its own report next to results.md, which stays as it was. */
    private void alone(String name, String what, Part part) throws Exception {
        report.line("livemap-bot benchmark, " + what + " (-Dbench.only=" + name + ") — 127.0.0.1, one JVM");
        report.line(environment());
        report.line("");
        part.run();
        report.write(sizes.out.resolveSibling(name + ".md"));
    }

    private void run() throws Exception {
        String only = System.getProperty("bench.only", "");
        if ("store".equals(only)) {
            alone("store", "store only", () -> StoreBench.run(report::line));
            return;
        }
        if ("shards".equals(only)) {
            alone("shards", "multi-community shards only", () -> ShardBench.run(report::line));
            return;
        }
        if ("hosted".equals(only)) {
            alone("hosted", "multi-community mode only", () -> HostedBench.run(report::line));
            return;
        }
        if (sizes.statusOnly) {
            alone("status", "live status only", () -> report.status(statusRun()));
            return;
        }
        if ("metrics".equals(only)) {
            alone("metrics", "metrics on vs off only", this::metricsRun);
            return;
        }
        if (sizes.soakOnly) {
            alone("soak", "soak only", () -> report.soak(soak()));
            return;
        }
        report.line("livemap-bot benchmark — everything on 127.0.0.1 in one JVM (fake Discord, Sonoran emulator)");
        report.line(environment());
        report.line(String.format(Locale.ROOT, "N = %d sequential commands per target in %d interleaved rounds, "
                        + "after %d warm-up commands each; %d concurrent; %d while Sonoran takes %d s; soak %d",
                sizes.commands, sizes.rounds, sizes.warmup, sizes.concurrent, sizes.slowCommands,
                sizes.slowDelay.toSeconds(), sizes.soak));
        report.line("");

        long heapBefore = heapUsedAfterGc();

        BotHarness cached = BotHarness.start();
        Duration coldStart = cached.startTime;
        BotHarness uncached = null;
        FakeDiscord floorDiscord = null;
        JDA floorJda = null;
        try {
            Calls concurrentCalls = concurrentServers(cached);

            uncached = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "0").start();
            Duration secondStart = uncached.startTime;

            // Same fake sizes as the harness's, so the two JDAs see the same Discord.
            floorDiscord = FakeDiscord.builder().heartbeatInterval(Duration.ofSeconds(2)).start();
            floorDiscord.guild().member(PINGER, "pinger");
            PingBot pingBot = new PingBot();
            long floorStarted = System.nanoTime();
            floorJda = FakeJda.startAndAwaitReady(floorDiscord, pingBot);
            Duration floorStart = Duration.ofNanos(System.nanoTime() - floorStarted);
            pingBot.awaitEvent("registered", WAIT);

            List<Long> cachedNanos = new ArrayList<>();
            List<Long> uncachedNanos = new ArrayList<>();
            List<Long> floorNanos = new ArrayList<>();
            List<Interaction> uncachedCommands = new ArrayList<>();
            warmUp(cached, uncached, floorDiscord);
            int perRound = Math.max(1, sizes.commands / sizes.rounds);
            int uncachedReadsBefore = uncached.sonoran.callCount(CadOperation.LIST_SERVERS);
            for (int done = 0; done < sizes.commands; done += perRound) {
                int n = Math.min(perRound, sizes.commands - done);
                cachedNanos.addAll(servers(cached, n, null));
                uncachedNanos.addAll(servers(uncached, n, uncachedCommands));
                floorNanos.addAll(LatencyProbe.pingLatencies(floorDiscord, n, PINGER));
            }
            int uncachedReads = uncached.sonoran.callCount(CadOperation.LIST_SERVERS) - uncachedReadsBefore;
            String uncachedOutcome = outcomes(uncached, uncachedCommands);

            Calls setmapCalls = setmapConfirm(cached);
            Calls deployCalls = deploy(cached);

            Latencies bot = new Latencies("/servers, cached", cachedNanos);
            Latencies cold = new Latencies("/servers, uncached", uncachedNanos);
            Latencies floor = new Latencies("/ping, bare JDA (floor)", floorNanos);

            closeQuietly(cached);
            cached = null;
            closeQuietly(uncached);
            uncached = null;
            FakeJda.shutdownCleanly(floorJda, WAIT);
            floorJda = null;
            floorDiscord.close();
            floorDiscord = null;

            SlowRun slow = slowSonoran();
            SoakRun soak = sizes.soak > 0 ? soak() : null;

            report.table(bot, cold, floor, uncachedReads, uncachedOutcome, concurrentCalls, setmapCalls,
                    deployCalls, slow, heapBefore, coldStart, secondStart, floorStart, sizes);
            if (soak != null) {
                report.soak(soak);
            }
        } finally {
            closeQuietly(cached);
            closeQuietly(uncached);
            if (floorJda != null) {
                FakeJda.shutdownCleanly(floorJda, WAIT);
            }
            if (floorDiscord != null) {
                floorDiscord.close();
            }
        }
        report.write(sizes.out);
    }

    // ------------------------------------------------------------------ scenarios

    /** Game servers in the live-status run, and how long each one's {@code dynamic.json} takes. */
    static final int STATUS_SERVERS = 25;
    static final Duration STATUS_PROBE_TIME = Duration.ofSeconds(1);
    /** /servers per harness in the status run: the first after a CAD read, the rest from the fresh list. */
    static final int STATUS_ROUNDS = 8;

    /** The live-status run's figures, nanoseconds. */
    record StatusRun(Latencies onAck, Latencies offAck, long coldAck, long coldFirst, long coldFinal,
                     long offColdAck, long offColdFirst, Latencies fastFinal, int maxRequestsPerServerRound,
                     int requestsWhileFresh, int freshCommands) {
    }

    /**
     * {@code /servers} with 25 game servers whose {@code dynamic.json} each takes 1 s, against the same
     * list with probing off: acknowledgement, first answer and final edit. Every round moves the
     * status clock past the 60 s cache, so each one probes all 25 again.
     */
    private StatusRun statusRun() throws Exception {
        List<FakeFxServer> game = new ArrayList<>();
        BotHarness on = null;
        BotHarness off = null;
        try {
            for (int i = 0; i < STATUS_SERVERS; i++) {
                FakeFxServer server = FakeFxServer.start(FakeFxServer.Behaviour.WITH_SONORANCAD);
                server.override("/dynamic.json", exchange -> {
                    try {
                        Thread.sleep(STATUS_PROBE_TIME.toMillis()); // a slow game server, not a wait in a test
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    FakeFxServer.send(exchange, 200, "application/json",
                            "{\"clients\":12,\"hostname\":\"Bench\",\"sv_maxclients\":\"64\"}");
                });
                game.add(server);
            }
            com.fasterxml.jackson.databind.node.ArrayNode list = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.arrayNode();
            for (int i = 0; i < game.size(); i++) {
                list.addObject().put("id", i + 1).put("name", "Bench " + (i + 1)).put("mapIp", "127.0.0.1")
                        .put("listenerPort", Integer.toString(game.get(i).port())).put("enableMap", true)
                        .put("mapType", "POSTAL").put("description", "Game server " + (i + 1));
            }
            MutableClock clock = new MutableClock(Instant.now());
            on = BotHarness.builder().env("PROBE_ALLOW_PRIVATE_ADDRESSES", "true").statusClock(clock)
                    .emulator(e -> e.servers(list.deepCopy())).start();
            off = BotHarness.builder().env("PROBE_ENABLED", "false").emulator(e -> e.servers(list.deepCopy())).start();

            // Probing off: the figures of today.
            List<Long> offAcks = new ArrayList<>();
            Interaction offCold = off.slash(BotHarness.VIEWER, ServersCommand.NAME);
            long offColdAck = off.discord.awaitCallback(offCold, WAIT).latencyNanos();
            off.discord.awaitOriginal(offCold, HAS_EMBEDS, WAIT);
            long offColdFirst = System.nanoTime() - offCold.sentNanos();
            for (int i = 1; i < STATUS_ROUNDS; i++) {
                Interaction command = off.slash(BotHarness.VIEWER, ServersCommand.NAME);
                offAcks.add(off.discord.awaitCallback(command, WAIT).latencyNanos());
                off.discord.awaitOriginal(command, HAS_EMBEDS, WAIT);
            }

            // Probing on: the first /servers reads the CAD, the others answer from the fresh list.
            List<Long> onAcks = new ArrayList<>();
            List<Long> finals = new ArrayList<>();
            long coldAck = 0;
            long coldFirst = 0;
            long coldFinal = 0;
            int maxPerServer = 0;
            for (int round = 0; round < STATUS_ROUNDS; round++) {
                if (round > 0) {
                    clock.advance(Duration.ofSeconds(61)); // the last results are a minute old: probe all again
                }
                int[] before = game.stream().mapToInt(g -> g.received().size()).toArray();
                Interaction command = on.slash(BotHarness.VIEWER, ServersCommand.NAME);
                long ack = on.discord.awaitCallback(command, WAIT).latencyNanos();
                on.discord.awaitOriginal(command, HAS_EMBEDS, WAIT);
                long first = System.nanoTime() - command.sentNanos();
                on.discord.awaitOriginal(command, Benchmark::statusFinal, Duration.ofSeconds(60));
                long fin = System.nanoTime() - command.sentNanos();
                if (round == 0) {
                    coldAck = ack;
                    coldFirst = first;
                    coldFinal = fin;
                } else {
                    onAcks.add(ack);
                    finals.add(fin);
                }
                for (int i = 0; i < game.size(); i++) {
                    maxPerServer = Math.max(maxPerServer, game.get(i).received().size() - before[i]);
                }
            }
            // Within the same (status-clock) minute: the cache answers, nothing is sent.
            int requestsBefore = game.stream().mapToInt(g -> g.received().size()).sum();
            int fresh = 20;
            for (int i = 0; i < fresh; i++) {
                Interaction command = on.slash(BotHarness.VIEWER, ServersCommand.NAME);
                on.discord.awaitOriginal(command, Benchmark::statusFinal, WAIT);
            }
            int requestsWhileFresh = game.stream().mapToInt(g -> g.received().size()).sum() - requestsBefore;
            return new StatusRun(new Latencies("on", onAcks), new Latencies("off", offAcks), coldAck, coldFirst,
                    coldFinal, offColdAck, offColdFirst, new Latencies("final", finals), maxPerServer,
                    requestsWhileFresh, fresh);
        } finally {
            closeQuietly(on);
            closeQuietly(off);
            game.forEach(FakeFxServer::close);
        }
    }

    /** Every card shows a result of the current round: nothing still checking. */
    private static boolean statusFinal(JsonNode message) {
        if (!HAS_EMBEDS.test(message)) {
            return false;
        }
        for (JsonNode card : message.path("embeds")) {
            for (JsonNode field : card.path("fields")) {
                String value = field.path("value").asText();
                if (ServerEmbeds.LIVE_STATUS.equals(field.path("name").asText())
                        && (value.equals(ServerEmbeds.CHECKING) || value.endsWith("checking again…"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code concurrent} /servers injected at once on a cold cache; the Sonoran reads they cost. */
    private Calls concurrentServers(BotHarness h) {
        if (h.bot.directory().cachedOrNull() != null) {
            throw new IllegalStateException("the cache is not cold: something read the servers before");
        }
        Calls before = Calls.of(h);
        List<Interaction> burst = new ArrayList<>(sizes.concurrent);
        for (int i = 0; i < sizes.concurrent; i++) {
            burst.add(h.slash(BotHarness.VIEWER, ServersCommand.NAME));
        }
        for (Interaction command : burst) {
            h.discord.awaitOriginal(command, HAS_EMBEDS, WAIT);
        }
        return Calls.since(h, before);
    }

    /**
     * The acknowledgement of a cached /servers with metrics.port set (every interaction counted and
     * timed, /metrics scraped once a round) next to the same bot with metrics off, in interleaved rounds.
     */
    private void metricsRun() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest scrape = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        try (BotHarness off = BotHarness.start();
             BotHarness on = BotHarness.builder().env("METRICS_PORT", Integer.toString(port)).start()) {
            servers(off, sizes.warmup, null);
            servers(on, sizes.warmup, null);
            List<Long> offAcks = new ArrayList<>();
            List<Long> onAcks = new ArrayList<>();
            List<Long> scrapes = new ArrayList<>();
            int perRound = Math.max(1, sizes.commands / sizes.rounds);
            for (int round = 0; round < sizes.rounds; round++) {
                offAcks.addAll(servers(off, perRound, null));
                onAcks.addAll(servers(on, perRound, null));
                long started = System.nanoTime();
                http.send(scrape, java.net.http.HttpResponse.BodyHandlers.ofString());
                scrapes.add(System.nanoTime() - started);
            }
            Latencies offL = new Latencies("off", offAcks);
            Latencies onL = new Latencies("on", onAcks);
            report.line("| Figure | Result |");
            report.line("|---|---|");
            report.line("| Ack latency `/servers`, cached, metrics off — median / p99 / max (n=" + offAcks.size() + ") | "
                    + offL.summary() + " |");
            report.line("| Same, metrics on (`metrics.port` set, scraped once a round) — median / p99 / max (n="
                    + onAcks.size() + ") | " + onL.summary() + String.format(Locale.ROOT, " (median %.2f× off) |",
                    (double) onL.median() / offL.median()));
            report.line("| One `/metrics` scrape — median / max (n=" + scrapes.size() + ") | "
                    + ms(LatencyProbe.percentile(scrapes, 50)) + " / " + ms(LatencyProbe.percentile(scrapes, 100)) + " |");
        }
    }

    private void warmUp(BotHarness cached, BotHarness uncached, FakeDiscord floor) {
        servers(cached, sizes.warmup, null);
        servers(uncached, sizes.warmup, null);
        LatencyProbe.pingLatencies(floor, sizes.warmup, PINGER);
    }

    /** {@code count} sequential /servers, each waited for until acknowledged (not until answered). */
    private static List<Long> servers(BotHarness h, int count, List<Interaction> sent) {
        List<Long> latencies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Interaction command = h.slash(BotHarness.VIEWER, ServersCommand.NAME);
            latencies.add(h.discord.awaitCallback(command, WAIT).latencyNanos());
            if (sent != null) {
                sent.add(command);
            }
        }
        return latencies;
    }

    /** How the uncached commands ended by now: answered with the list, answered with an error, or still waiting. */
    private static String outcomes(BotHarness h, List<Interaction> commands) {
        int answered = 0;
        int waiting = 0;
        Map<String, Integer> errors = new TreeMap<>();
        for (Interaction command : commands) {
            Optional<JsonNode> original = h.discord.original(command);
            if (original.isPresent() && HAS_EMBEDS.test(original.get())) {
                answered++;
                continue;
            }
            List<JsonNode> followUps = h.discord.followUps(command);
            if (followUps.isEmpty()) {
                waiting++;
            } else {
                JsonNode embed = followUps.get(0).path("embeds").path(0);
                errors.merge(embed.path("title").asText() + ": " + embed.path("description").asText(), 1,
                        Integer::sum);
            }
        }
        StringBuilder text = new StringBuilder().append(answered).append(" answered with the list");
        errors.forEach((error, n) -> text.append(", ").append(n).append(" answered \"").append(error).append('"'));
        return text.append(", ").append(waiting).append(" still queued").toString();
    }

    /** One /setmap preview and Confirm; the Sonoran calls between the click and the result. */
    private static Calls setmapConfirm(BotHarness h) {
        Interaction command = h.slash(BotHarness.EDITOR, SetMapCommand.NAME,
                Option.integer(SetMapCommand.SERVER, 2),
                Option.string(SetMapCommand.DESCRIPTION, "Benchmark " + System.nanoTime()));
        JsonNode preview = h.discord.awaitOriginal(command, m -> buttonId(m, "Confirm").isPresent(), WAIT);
        String confirm = buttonId(preview, "Confirm").orElseThrow();
        Calls before = Calls.of(h);
        Interaction click = h.discord.buttonClick(BotHarness.EDITOR, preview, confirm);
        h.discord.awaitOriginal(click, m -> title(m).endsWith(" updated"), WAIT);
        return Calls.since(h, before);
    }

    /** One /deploymap; the Sonoran calls between the command and the result. */
    private static Calls deploy(BotHarness h) {
        Calls before = Calls.of(h);
        Interaction command = h.slash(BotHarness.DEPLOYER, DeployMapCommand.NAME);
        h.discord.awaitOriginal(command, m -> title(m).startsWith("Live Map deployed"), WAIT);
        return Calls.since(h, before);
    }

    record SlowRun(Latencies acks, Duration firstAnswer, Duration allAnswered, int reads, Duration start,
                   long heapIdle, long heapAfterClose) {
    }

    /**
     * Acknowledgements while every Sonoran answer takes {@code slowDelay} (cache off): the ack must not wait for
     * Sonoran. Afterwards Sonoran is made fast again and every command is awaited, so the bot shuts down idle;
     * that idle bot is also where the heap is measured.
     */
    private SlowRun slowSonoran() {
        BotHarness h = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "0").start();
        try {
            // A few answered commands first, so this bot's own first-use costs are not in the figure.
            for (int i = 0; i < 3; i++) {
                Interaction command = h.slash(BotHarness.VIEWER, ServersCommand.NAME);
                h.discord.awaitOriginal(command, HAS_EMBEDS, WAIT);
            }
            int readsBefore = h.sonoran.callCount(CadOperation.LIST_SERVERS);
            h.sonoran.setDelay(sizes.slowDelay);
            List<Interaction> commands = new ArrayList<>();
            List<Long> acks = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < sizes.slowCommands; i++) {
                Interaction command = h.slash(BotHarness.VIEWER, ServersCommand.NAME);
                acks.add(h.discord.awaitCallback(command, WAIT).latencyNanos());
                commands.add(command);
            }
            Duration patience = sizes.slowDelay.plus(WAIT);
            h.discord.awaitOriginal(commands.get(0), HAS_EMBEDS, patience);
            Duration firstAnswer = Duration.ofNanos(System.nanoTime() - started);
            h.sonoran.setDelay(Duration.ZERO);
            for (Interaction command : commands) {
                h.discord.awaitOriginal(command, HAS_EMBEDS, patience);
            }
            Duration allAnswered = Duration.ofNanos(System.nanoTime() - started);
            int reads = h.sonoran.callCount(CadOperation.LIST_SERVERS) - readsBefore;
            long heapIdle = heapUsedAfterGc();
            Duration start = h.startTime;
            h.close();
            h = null;
            long heapAfterClose = heapUsedAfterGc();
            return new SlowRun(new Latencies("/servers, Sonoran slow", acks), firstAnswer, allAnswered, reads,
                    start, heapIdle, heapAfterClose);
        } finally {
            closeQuietly(h);
        }
    }

    record SoakRun(int baseline, int total, long heapAfterBaseline, long heapAfterAll, Duration took) {
        long growth() {
            return heapAfterAll - heapAfterBaseline;
        }

        boolean withinAllowance() {
            return growth() <= SOAK_ALLOWED_GROWTH;
        }
    }

    /**
     * Issue 8's leak check: {@code bench.soak} /servers through the real JDA against the fake Discord
     * (each awaited until its final answer), heap after GC after the first 1,000 and after all of
     * them. The fake's own record is cleared before each reading, so what grows is the bot's.
     */
    private SoakRun soak() {
        BotHarness h = BotHarness.start();
        try {
            long started = System.nanoTime();
            int baseline = sizes.soakBaseline();
            soakCommands(h, 0, baseline);
            long heapAfterBaseline = settledHeap(h);
            System.out.println("soak: heap after GC after " + baseline + " interactions: " + mib(heapAfterBaseline));
            soakCommands(h, baseline, sizes.soak);
            long heapAfterAll = settledHeap(h);
            System.out.println("soak: heap after GC after " + sizes.soak + " interactions: " + mib(heapAfterAll));
            return new SoakRun(baseline, sizes.soak, heapAfterBaseline, heapAfterAll,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            h.close();
        }
    }

    /** /servers number {@code from} to {@code to} in batches of {@link #SOAK_BATCH}, each awaited until answered. */
    private static void soakCommands(BotHarness h, int from, int to) {
        List<Interaction> batch = new ArrayList<>(SOAK_BATCH);
        int sinceForget = 0;
        for (int sent = from; sent < to; ) {
            int n = Math.min(SOAK_BATCH, to - sent);
            for (int i = 0; i < n; i++) {
                batch.add(h.slash(BotHarness.VIEWER, ServersCommand.NAME));
            }
            for (Interaction command : batch) {
                h.discord.awaitOriginal(command, HAS_EMBEDS, WAIT);
            }
            batch.clear();
            sent += n;
            sinceForget += n;
            if (sinceForget >= SOAK_FORGET_EVERY) {
                forgetHistory(h);
                sinceForget = 0;
            }
            if (sent % 5_000 == 0) {
                System.out.println("soak: " + sent + " interactions answered");
            }
        }
    }

    /** Heap after GC once the bot has been idle for {@link #SOAK_SETTLE}, the fake's record cleared. */
    private static long settledHeap(BotHarness h) {
        forgetHistory(h);
        java.util.concurrent.locks.LockSupport.parkNanos(SOAK_SETTLE.toNanos()); // a benchmark: let JDA's clean-up run
        forgetHistory(h);
        return heapUsedAfterGc();
    }

    /**
     * Clears the fake's record once the bot's HTTP client has no connection in use: the fake answers
     * a callback only after recording it, and must still find the interaction while it writes the answer.
     */
    private static void forgetHistory(BotHarness h) {
        var http = h.bot.discord().jda().getHttpClient();
        var pool = http.connectionPool();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pool.connectionCount() > pool.idleConnectionCount()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bot's HTTP client is still busy after " + WAIT.toSeconds() + " s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // OkHttp offers no "released" callback
        }
        h.discord.forgetHistory();
    }

    // ------------------------------------------------------------------ helpers

    private static Optional<String> buttonId(JsonNode message, String label) {
        for (JsonNode node : message.findParents("custom_id")) {
            if (label.equals(node.path("label").asText())) {
                return Optional.of(node.path("custom_id").asText());
            }
        }
        return Optional.empty();
    }

    private static String title(JsonNode message) {
        return message.path("embeds").path(0).path("title").asText("");
    }

    private static void closeQuietly(BotHarness h) {
        if (h != null) {
            h.close();
        }
    }

    /** Heap in use after a few full collections; the lowest reading, since a collection may run late. */
    static long heapUsedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            memory.gc();
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }

    private static String environment() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "JVM %s %s (%s), OS %s %s %s, %d cores, max heap %d MiB",
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), rt.availableProcessors(),
                rt.maxMemory() / (1024 * 1024));
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String ms(Duration d) {
        return ms(d.toNanos());
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Collects the printed lines and the markdown table, prints as it goes, writes the file at the end. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder();

        void line(String line) {
            System.out.println(line);
            text.append(line).append('\n');
        }

        void table(Latencies bot, Latencies uncached, Latencies floor, int uncachedReads, String uncachedOutcome,
                   Calls concurrent, Calls setmap, Calls deploy, SlowRun slow, long heapBefore, Duration coldStart,
                   Duration secondStart, Duration floorStart, Sizes s) {
            double ratio = (double) bot.median() / floor.median();
            double uncachedRatio = (double) uncached.median() / floor.median();
            double slowRatio = (double) slow.acks.median() / floor.median();
            line("| Figure | Result | Target |");
            line("|---|---|---|");
            line("| Ack latency `/servers`, cached — median / p99 / max (n=" + bot.values.size() + ") | "
                    + bot.summary() + " | ≤ 1.5× floor median |");
            line("| Ack latency `/servers`, uncached (cache 0 s) — median / p99 / max (n=" + uncached.values.size()
                    + ") | " + uncached.summary() + " | ≤ 1.5× floor median |");
            line("| Ack latency bare JDA `/ping` (floor) — median / p99 / max (n=" + floor.values.size() + ") | "
                    + floor.summary() + " | — |");
            line(String.format(Locale.ROOT, "| Bot median / floor median | cached %.2f×, uncached %.2f× | ≤ 1.5× |",
                    ratio, uncachedRatio));
            line("| Sonoran reads during the uncached run (v1 pace: 1 call/s, concurrent reads shared) | "
                    + uncachedReads + " | — |");
            line("| Uncached run: how its " + uncached.values.size() + " commands had ended when measured | "
                    + uncachedOutcome.replace("|", "\\|") + " | — |");
            line("| Sonoran calls for " + s.concurrent + " concurrent `/servers`, cold cache | " + concurrent
                    + " | 1 read |");
            line("| Sonoran calls for one `/setmap` Confirm (click → result) | " + setmap + " | 1 read + 1 write |");
            line("| Sonoran calls for one `/deploymap` | " + deploy + " | 1 read + 1 write |");
            line(String.format(Locale.ROOT, "| Ack latency while Sonoran takes %d s, cache off — median / p99 / max "
                            + "(n=%d) | %s (%.2f× floor median) | unchanged vs. floor |",
                    s.slowDelay.toSeconds(), slow.acks.values.size(), slow.acks.summary(), slowRatio));
            line("| … first final answer / all answered (delay removed once the first answer came; a read already under way keeps it) / Sonoran reads | "
                    + ms(slow.firstAnswer) + " / " + ms(slow.allAnswered) + " / " + slow.reads + " | — |");
            line("| Heap used after GC: before any bot / bot idle after its run (with fake Discord + emulator) / "
                    + "after it closed | " + mib(heapBefore) + " / " + mib(slow.heapIdle) + " / "
                    + mib(slow.heapAfterClose) + " | — |");
            line("| Heap held by the idle bot + its fakes: idle − after close / idle − before any bot | "
                    + mib(slow.heapIdle - slow.heapAfterClose) + " / " + mib(slow.heapIdle - heapBefore)
                    + " | — |");
            line("| `BotApplication.start` → ready (READY, guild cached, commands registered): cold first start / "
                    + "second / third | " + ms(coldStart) + " / " + ms(secondStart) + " / " + ms(slow.start)
                    + " | — |");
            line("| Bare JDA `build()` → `awaitReady()` (floor, after the bot's starts) | " + ms(floorStart)
                    + " | — |");
        }

        void status(StatusRun r) {
            line("| `/servers`, " + STATUS_SERVERS + " servers, each game server's `dynamic.json` takes "
                    + STATUS_PROBE_TIME.toSeconds() + " s | Result | Target |");
            line("|---|---|---|");
            line("| After a CAD read (cold cache): ack / first answer / final edit, probing on | " + ms(r.coldAck)
                    + " / " + ms(r.coldFirst) + " / " + ms(r.coldFinal) + " | first answer ≤ read + 2 s; final ≈ 2 s |");
            line("| After a CAD read (cold cache): ack / first answer, probing off | " + ms(r.offColdAck) + " / "
                    + ms(r.offColdFirst) + " | — |");
            line("| From the fresh list, every probe due again: ack (the reply itself) — median / p99 / max (n="
                    + r.onAck.values().size() + "), probing on | " + r.onAck.summary() + " | unchanged vs. off |");
            line("| Same, probing off — median / p99 / max (n=" + r.offAck.values().size() + ") | "
                    + r.offAck.summary() + " | — |");
            line("| From the fresh list: final edit with all " + STATUS_SERVERS + " verdicts — median / p99 / max | "
                    + r.fastFinal.summary() + " | ≈ 2 s, not 25 s |");
            line("| Requests per game server per round (one round per status minute) / requests for "
                    + r.freshCommands + " more `/servers` inside the minute | " + r.maxRequestsPerServerRound
                    + " / " + r.requestsWhileFresh + " | ≤ 3 per server per minute |");
        }

        void soak(SoakRun soak) {
            line("");
            line("| Soak: " + soak.total + " `/servers` through the real JDA (fake Discord), heap after GC | Result "
                    + "| Target |");
            line("|---|---|---|");
            line("| Heap after the first " + soak.baseline + " / after all " + soak.total + " / difference | "
                    + mib(soak.heapAfterBaseline) + " / " + mib(soak.heapAfterAll) + " / "
                    + String.format(Locale.ROOT, "%+.2f MiB", soak.growth() / (1024.0 * 1024.0)) + " | ≤ +"
                    + mib(SOAK_ALLOWED_GROWTH) + " |");
            line("| Within " + mib(SOAK_ALLOWED_GROWTH) + "? (soak took " + soak.took.toSeconds() + " s; each reading "
                    + "after " + SOAK_SETTLE.toSeconds() + " s idle, past JDA's 30 s bucket clean-up) | "
                    + (soak.withinAllowance() ? "yes" : "NO: the heap grew by " + mib(soak.growth())) + " | yes |");
        }

        void write(Path out) throws IOException {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text.toString(), StandardCharsets.UTF_8);
            System.out.println();
            System.out.println("written to " + out.toAbsolutePath());
        }
    }
}
