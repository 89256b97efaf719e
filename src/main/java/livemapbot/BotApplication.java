package livemapbot;

import livemapbot.audit.AuditLog;
import livemapbot.cad.CadException;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.config.Secret;
import livemapbot.config.Settings;
import livemapbot.discord.BotCommand;
import livemapbot.discord.CommandRouter;
import livemapbot.discord.DiscordBot;
import livemapbot.discord.DiscordPreflight;
import livemapbot.discord.StartupException;
import livemapbot.discord.audit.AuditChannelPoster;
import livemapbot.discord.servers.LiveStatus;
import livemapbot.discord.status.StatusAnnouncer;
import livemapbot.history.DriftWatch;
import livemapbot.history.Scheduler;
import livemapbot.metrics.BotMetrics;
import livemapbot.metrics.Health;
import livemapbot.metrics.MetricsServer;
import livemapbot.metrics.Monitoring;
import livemapbot.status.ProbeResult;
import livemapbot.status.Prober;
import livemapbot.status.GameServerProbe;
import livemapbot.status.StatusProbes;
import livemapbot.status.StatusWatch;
import livemapbot.store.AuditImport;
import livemapbot.store.Store;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.JDA;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole bot, wired by hand in one place: settings → store (the bot's database) → Sonoran
 * client → server directory → audit log and revisions → commands → Discord. Tests start exactly this, pointed at local fakes.
 */
public final class BotApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BotApplication.class);
    /** How long an in-flight CAD write and its audit record may take to finish at shutdown. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** CAD calls are serialized by the directory anyway; a few workers keep reads from the cache snappy. */
    private static final int WORKERS = 4;
    private static final int QUEUE = 200;

    private final DiscordBot bot;
    private final SonoranEmulator sandbox;
    private final ServerDirectory directory;
    private final AuditLog audit;
    private final Status status;
    private final Store store;
    private final DriftWatch drift;
    private final ScheduledExecutorService driftThread;
    private final Monitoring monitoring;

    private BotApplication(DiscordBot bot, SonoranEmulator sandbox, ServerDirectory directory, AuditLog audit,
                           Status status, Store store, DriftWatch drift, ScheduledExecutorService driftThread,
                           Monitoring monitoring) {
        this.monitoring = monitoring;
        this.bot = bot;
        this.sandbox = sandbox;
        this.directory = directory;
        this.audit = audit;
        this.status = status;
        this.store = store;
        this.drift = drift;
        this.driftThread = driftThread;
    }

    /**
     * What tests may substitute; production uses {@link #DEFAULTS}.
     *
     * @param statusClock    the clock of the live status (the probes' 60 s cache, the time a result
     *                       was observed); everything else uses the system clock
     * @param driftScheduler runs the drift watch's checks; null = a daemon thread of its own. The
     *                       interval stays the configured one (at least a minute): a test's scheduler
     *                       decides when a check that is due actually runs.
     */
    public record Options(Clock statusClock, Scheduler driftScheduler) {
        public static final Options DEFAULTS = new Options(Clock.systemUTC(), null);
    }

    /** Starts the bot and returns once it is ready in its guild. */
    public static BotApplication start(Settings configured) throws StartupException, InterruptedException {
        return start(configured, Clock.systemUTC());
    }

    /**
     * {@link #start(Settings)} with the clock of the live status (the probes' 60 s cache, the time a
     * result was observed): tests move it to see the status watch's two observations without
     * waiting minutes. Everything else uses the system clock.
     */
    public static BotApplication start(Settings configured, Clock statusClock)
            throws StartupException, InterruptedException {
        return start(configured, new Options(statusClock, null));
    }

    /** {@link #start(Settings)} with test substitutes. */
    public static BotApplication start(Settings configured, Options options)
            throws StartupException, InterruptedException {
        Settings settings = configured;
        LOG.info("livemap-bot {} starting: guild {}, Sonoran {} ({}{}), access view={} edit={} deploy={}",
                Version.current(), settings.guildId(), settings.sandbox() ? "embedded emulator" : settings.apiUrl(),
                settings.apiVersion(), settings.sandbox() ? ", sandbox" : "",
                describe(settings.viewRoleIds(), "everyone"), describe(settings.editRoleIds(), "nobody"),
                describe(settings.deployRoleIds(), "nobody"));
        // The store first: a database that is missing, locked by another process or too new stops
        // the bot before it touches Discord (StoreException's message says what to fix, masked).
        Store store;
        try {
            store = Store.open(settings.store());
        } catch (StoreException e) {
            throw new StartupException("the bot's database (store.url) cannot be used: " + e.getMessage());
        }
        Monitoring monitoring = startMonitoring(settings, store);
        try {
            return startWith(settings, store, options, monitoring);
        } catch (StartupException | InterruptedException | RuntimeException | Error e) {
            monitoring.close();
            store.close();
            throw e;
        }
    }

    /**
     * Metrics and /health (README "Metrics and health") right after the store: /health answers
     * "not connected yet" while the gateway connects; a port in use stops start-up here (and
     * closes the store).
     */
    static Monitoring startMonitoring(Settings settings, Store store) throws StartupException {
        Monitoring monitoring;
        try {
            monitoring = Monitoring.start(settings.metrics(),
                    Health.of("store", () -> store.ping(Health.CHECK_TIMEOUT)));
        } catch (MetricsServer.StartException e) {
            store.close();
            throw new StartupException(e.getMessage());
        }
        store.recordWith(monitoring.metrics());
        return monitoring;
    }

    private static BotApplication startWith(Settings configured, Store store, Options options,
                                            Monitoring monitoring) throws StartupException, InterruptedException {
        BotMetrics metrics = monitoring.metrics();
        Clock statusClock = options.statusClock();
        Settings settings = configured;
        OkHttpClient http = new OkHttpClient();
        try {
            preflight(settings, http);
        } catch (StartupException e) {
            http.connectionPool().evictAll();
            throw e;
        }

        SonoranEmulator sandbox = null;
        if (settings.sandbox()) {
            sandbox = SonoranEmulator.startSandbox(0);
            settings = settings.withSonoran(sandbox.baseUrl(), sandbox.communityId(), Secret.of(sandbox.apiKey()));
            LOG.info("sandbox mode: using the embedded Sonoran emulator at {}", sandbox.baseUrl());
        }
        String community = settings.communityId();
        AuditLog audit = AuditLog.from(settings);
        try {
            // Once per community (idempotent, logged): a community upgrading keeps its history.
            AuditImport.importOnce(store, audit.path(), community);
        } catch (StoreException e) {
            if (sandbox != null) {
                sandbox.close();
            }
            throw new StartupException("the audit file could not be imported into the bot's database: "
                    + e.getMessage());
        }

        Clock clock = Clock.systemUTC();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), named("cad-worker"), new ThreadPoolExecutor.AbortPolicy());
        AtomicReference<JDA> jda = new AtomicReference<>();
        ScheduledExecutorService driftThread = null;
        Scheduler driftScheduler = null;
        if (!settings.driftInterval().isZero()) {
            driftScheduler = options.driftScheduler();
            if (driftScheduler == null) {
                driftThread = Executors.newSingleThreadScheduledExecutor(named("drift-watch"));
                driftScheduler = Scheduler.of(driftThread);
            }
        }
        Status status = Status.create(settings, statusClock, metrics);
        Community.Shared shared = new Community.Shared(store, http, workers, clock, status.live(), driftScheduler, metrics,
                null, null);
        Community wired = Community.wire(settings, community, audit, shared, jda::get);
        ServerDirectory directory = wired.directory();
        DriftWatch drift = wired.drift();
        List<BotCommand> commands = wired.commands();
        // The plan is read in the background (and then at most hourly): commands never wait for it.
        directory.plans().watch(workers);
        DiscordBot bot;
        try {
            bot = DiscordBot.start(settings, new CommandRouter(settings.guildId(), commands, metrics), workers);
        } catch (StartupException | InterruptedException | RuntimeException e) {
            workers.shutdownNow();
            status.close();
            if (driftThread != null) {
                driftThread.shutdownNow();
            }
            if (sandbox != null) {
                sandbox.close();
            }
            throw e;
        }
        if (settings.auditChannelId().isPresent()) {
            audit.addListener(new AuditChannelPoster(bot.jda(), settings.auditChannelId().getAsLong()));
        }
        status.startWatch(settings, directory, new StatusAnnouncer(bot.jda(), settings.announceChannelId()));
        jda.set(bot.jda());
        DiscordBot connected = bot;
        monitoring.gateway(connected::gatewayStates);
        metrics.guildsSetUp(() -> 1);
        if (drift != null) {
            drift.start();
        }
        return new BotApplication(bot, sandbox, directory, audit, status, store, drift, driftThread, monitoring);
    }

    /**
     * Token and guild over plain REST before JDA logs in, so a wrong one never spends a gateway
     * IDENTIFY (a restart loop would otherwise burn the daily 1000 and get the token reset). Wrong
     * roles or channels only degrade some commands: they are logged, and the bot starts anyway.
     */
    private static void preflight(Settings settings, OkHttpClient http) throws StartupException {
        DiscordPreflight preflight = new DiscordPreflight(settings, http, Version.current());
        DiscordPreflight.Login login;
        try {
            login = preflight.login();
        } catch (DiscordPreflight.Failure e) {
            throw new StartupException(e.getMessage());
        }
        LOG.info("Discord pre-flight: {}", login.describe());
        for (String problem : preflight.setupProblems(login)) {
            LOG.warn("configuration problem (the bot starts anyway): {}", problem);
        }
    }

    public DiscordBot discord() {
        return bot;
    }

    public ServerDirectory directory() {
        return directory;
    }

    public AuditLog audit() {
        return audit;
    }

    /** The status watch, when {@code status.intervalSeconds} is on (tests drive a round with it). */
    public Optional<StatusWatch> statusWatch() {
        return Optional.ofNullable(status.watch);
    }

    /** The drift watch, or null when {@code drift.intervalSeconds} is 0. */
    public DriftWatch drift() {
        return drift;
    }

    /** The metrics and /health endpoint (its port, when metrics.port is set). */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** The bot's database. */
    public Store store() {
        return store;
    }

    /**
     * Stops the status watch (no announcement during shutdown), then stops taking commands, lets
     * in-flight work finish (bounded) and disconnects, then stops the probes; the store closes
     * last, after the work that records into it.
     */
    @Override
    public void close() {
        try {
            status.stopWatch();
            if (drift != null) {
                drift.close();
            }
            if (driftThread != null) {
                driftThread.shutdownNow();
            }
            bot.shutdown(SHUTDOWN_GRACE);
            status.close();
            if (sandbox != null) {
                sandbox.close();
            }
        } finally {
            monitoring.close();
            store.close();
        }
    }

    /** Counts each drift detection by its classification, then hands it on. */
    /** Counts the verdict of every probe that went to the network. */
    private static Prober counted(Prober prober, BotMetrics metrics) {
        return new Prober() {
            @Override
            public Optional<String> target(ServerEntry entry) {
                return prober.target(entry);
            }

            @Override
            public Optional<ProbeResult> withoutNetwork(ServerEntry entry) {
                return prober.withoutNetwork(entry);
            }

            @Override
            public ProbeResult probe(ServerEntry entry) {
                ProbeResult result = prober.probe(entry);
                metrics.probeVerdict(result.verdict().name());
                return result;
            }
        };
    }

    /**
     * The live status (README "Live status"): the probe and its cache when {@code probe.enabled},
     * and the status watch when {@code status.intervalSeconds} is on too.
     */
    static final class Status {
        private final GameServerProbe probe;
        private final StatusProbes probes;
        private final LiveStatus live;
        private StatusWatch watch;

        private Status(GameServerProbe probe, StatusProbes probes, LiveStatus live) {
            this.probe = probe;
            this.probes = probes;
            this.live = live;
        }

        static Status create(Settings settings, Clock clock, BotMetrics metrics) {
            if (!settings.status().probeEnabled()) {
                LOG.info("live status: probing is off (probe.enabled=false)");
                return new Status(null, null, LiveStatus.off(clock));
            }
            GameServerProbe probe = GameServerProbe.builder(Version.current())
                    .allowPrivateAddresses(settings.status().allowPrivateAddresses())
                    .clock(clock)
                    .build();
            StatusProbes probes = StatusProbes.create(counted(probe, metrics), clock);
            return new Status(probe, probes, new LiveStatus(probes, clock, LiveStatus.FIRST_ANSWER_BUDGET));
        }

        LiveStatus live() {
            return live;
        }

        /** The probes, or null when probing is off. */
        StatusProbes probes() {
            return probes;
        }

        void startWatch(Settings settings, ServerDirectory directory, StatusWatch.Listener listener) {
            if (probes == null || !settings.status().watchOn()) {
                return;
            }
            if (settings.announceChannelId().isEmpty()) {
                LOG.warn("status watch: discord.announceChannelId is not set, so status changes are only logged");
            }
            watch = new StatusWatch(probes, () -> servers(directory), listener);
            watch.start(settings.status().watchInterval());
            LOG.info("status watch: every {} s", settings.status().watchInterval().toSeconds());
        }

        /** The server list for a watch round: the directory's cache, else one read. */
        private static List<ServerEntry> servers(ServerDirectory directory) {
            try {
                return directory.servers().servers();
            } catch (CadException e) {
                throw new IllegalStateException(e.userMessage(), e);
            }
        }

        void stopWatch() {
            if (watch != null) {
                watch.close();
            }
        }

        void close() {
            stopWatch();
            if (probes != null) {
                probes.close();
                probe.close();
            }
        }
    }

    private static String describe(java.util.Set<Long> roles, String whenEmpty) {
        return roles.isEmpty() ? whenEmpty : roles.toString();
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
