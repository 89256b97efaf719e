package livemapbot;

import livemapbot.config.Settings;
import livemapbot.discord.CommandRouter;
import livemapbot.discord.DiscordPreflight;
import livemapbot.discord.DiscordShards;
import livemapbot.discord.StartupException;
import livemapbot.discord.hosting.GuildPresence;
import livemapbot.discord.hosting.LivemapCommand;
import livemapbot.history.Scheduler;
import livemapbot.hosting.ShardOwnership;
import livemapbot.metrics.BotMetrics;
import livemapbot.metrics.Health;
import livemapbot.metrics.Monitoring;
import livemapbot.store.GuildSetupStore;
import livemapbot.store.KeyCipher;
import livemapbot.store.Store;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bot in multi-community mode ({@code hosting.mode=multi}, README "Hosting for many
 * communities"), wired by hand in one place: settings → store (with the guilds' encrypted
 * settings) → metrics → the guilds set up ({@link HostedCommunities}, one {@link Community} each)
 * → {@code /livemap} → Discord's shards ({@link DiscordShards}). Several processes, each running
 * some shards, share one PostgreSQL store; a guild's background work runs in the process that
 * holds its shard.
 */
public final class HostedBotApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostedBotApplication.class);
    /** Many guilds share the workers: more of them than single mode, and a longer queue. */
    private static final int WORKERS = 16;
    private static final int QUEUE = 2_000;
    /** How often keys of guilds that removed the bot are checked against the retention period. */
    private static final Duration RETENTION_CHECK = Duration.ofHours(6);
    private static final int STATUS_THREADS = 4;

    private final DiscordShards shards;
    private final HostedCommunities communities;
    private final BotApplication.Status status;
    private final ScheduledExecutorService background;
    private final ScheduledExecutorService statusRounds;
    private final Monitoring monitoring;
    private final Store store;

    private HostedBotApplication(DiscordShards shards, HostedCommunities communities, BotApplication.Status status,
                                 ScheduledExecutorService background, ScheduledExecutorService statusRounds,
                                 Monitoring monitoring, Store store) {
        this.statusRounds = statusRounds;
        this.shards = shards;
        this.communities = communities;
        this.status = status;
        this.background = background;
        this.monitoring = monitoring;
        this.store = store;
    }

    /** Starts the bot and returns once every shard this process runs is connected. */
    public static HostedBotApplication start(Settings settings) throws StartupException, InterruptedException {
        return start(settings, BotApplication.Options.DEFAULTS);
    }

    /** {@link #start(Settings)} with test substitutes (the drift watch's scheduler, the status clock). */
    public static HostedBotApplication start(Settings settings, BotApplication.Options options)
            throws StartupException, InterruptedException {
        LOG.info("livemap-bot {} starting in multi-community mode: shards {} of {}, Sonoran {}", Version.current(),
                settings.hosting().shardIds().isEmpty() ? "all" : settings.hosting().shardIds(),
                settings.hosting().shardTotal().isPresent() ? settings.hosting().shardTotal().getAsInt()
                        : "Discord's recommendation", settings.apiUrl());
        Store store;
        GuildSetupStore setups;
        try {
            store = Store.open(settings.store());
        } catch (StoreException e) {
            throw new StartupException("the bot's database (store.url) cannot be used: " + e.getMessage());
        }
        try {
            setups = store.guildSetups(KeyCipher.of(settings.hosting().encryptionKey()));
        } catch (StoreException | IllegalArgumentException e) {
            store.close();
            throw new StartupException("store.encryptionKey (STORE_ENCRYPTION_KEY): " + e.getMessage());
        }
        Monitoring monitoring = BotApplication.startMonitoring(settings, store);
        try {
            return startWith(settings, options, store, setups, monitoring);
        } catch (StartupException | InterruptedException | RuntimeException | Error e) {
            monitoring.close();
            store.close();
            throw e;
        }
    }

    private static HostedBotApplication startWith(Settings settings, BotApplication.Options options, Store store,
            GuildSetupStore setups, Monitoring monitoring) throws StartupException, InterruptedException {
        BotMetrics metrics = monitoring.metrics();
        Clock clock = Clock.systemUTC();
        OkHttpClient http = new OkHttpClient();
        try {
            // The token over plain REST first: a wrong one never spends gateway IDENTIFYs (a restart
            // loop would burn the daily 1000 and get the token reset).
            LOG.info("Discord pre-flight: logged in as {}",
                    new DiscordPreflight(settings, http, Version.current()).bot().name());
        } catch (DiscordPreflight.Failure e) {
            http.connectionPool().evictAll();
            throw new StartupException(e.getMessage());
        }
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), BotApplication.named("cad-worker"), new ThreadPoolExecutor.AbortPolicy());
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(
                BotApplication.named("guild-background"));
        Scheduler driftScheduler = settings.driftInterval().isZero() ? null
                : options.driftScheduler() != null ? options.driftScheduler() : Scheduler.of(background);
        BotApplication.Status status = BotApplication.Status.create(settings, options.statusClock(), metrics);
        // Status watches (status.intervalSeconds): one per guild of this process's shards, on a few
        // threads they share (a round blocks while its probes run).
        ScheduledThreadPoolExecutor statusRounds = null;
        if (settings.status().watchOn() && status.probes() != null) {
            statusRounds = new ScheduledThreadPoolExecutor(STATUS_THREADS, BotApplication.named("status-watch"));
            statusRounds.setRemoveOnCancelPolicy(true);
        }
        Community.Shared shared = new Community.Shared(store, http, workers, clock, status.live(), driftScheduler,
                metrics, status.probes(), statusRounds);
        AtomicReference<DiscordShards> connected = new AtomicReference<>();
        HostedCommunities communities = new HostedCommunities(settings, setups, shared, guild -> {
            DiscordShards shards = connected.get();
            return shards == null ? null : shards.shardFor(guild);
        }, hosting -> new LivemapCommand(hosting, workers, clock));
        DiscordShards shards;
        try {
            int loaded = communities.load();
            LOG.info("{} guild(s) set up", loaded);
            CommandRouter router = new CommandRouter(communities, metrics);
            GuildPresence presence = new GuildPresence(communities);
            List<CommandData> definitions = new ArrayList<>();
            router.commands().forEach(command -> definitions.add(command.definition()));
            shards = DiscordShards.builder(settings)
                    .listener(router)
                    .alsoListener(presence)
                    .acks(router.acks())
                    .onStopAccepting(router::stopAccepting)
                    .workers(workers)
                    .globalCommands(definitions)
                    .shardTotal(settings.hosting().shardTotal())
                    .shardIds(Set.copyOf(settings.hosting().shardIds()))
                    .start();
        } catch (StoreException e) {
            stopQuietly(workers, background, statusRounds, status);
            throw new StartupException("the guilds' settings cannot be read: " + e.getMessage());
        } catch (StartupException | InterruptedException | RuntimeException e) {
            stopQuietly(workers, background, statusRounds, status);
            throw e;
        }
        connected.set(shards);
        monitoring.gateway(() -> shardStates(shards.shardStatuses()));
        metrics.guildsSetUp(communities::count);
        ShardOwnership owned = shards.ownership();
        Set<Long> present = new java.util.HashSet<>();
        shards.shardManager().getGuildCache().forEach(guild -> present.add(guild.getIdLong()));
        background.execute(() -> communities.reconcile(present, owned));
        communities.startBackgroundWork(owned);
        if (owned.ids().contains(0)) {
            // One process purges (the one that runs shard 0); the delete is idempotent anyway.
            background.scheduleWithFixedDelay(communities::purgeExpired, 1, RETENTION_CHECK.toMinutes(),
                    TimeUnit.MINUTES);
        }
        LOG.info("ready: shards {} of {}, {} guild(s) set up", owned.ids(), owned.total(), communities.count());
        return new HostedBotApplication(shards, communities, status, background, statusRounds, monitoring, store);
    }

    private static List<Health.ShardState> shardStates(Map<Integer, JDA.Status> statuses) {
        List<Health.ShardState> states = new ArrayList<>();
        statuses.forEach((shard, status) -> states.add(
                new Health.ShardState(shard, status == JDA.Status.CONNECTED, status.name())));
        return states;
    }

    private static void stopQuietly(ThreadPoolExecutor workers, ScheduledExecutorService background,
                                    ScheduledExecutorService statusRounds, BotApplication.Status status) {
        workers.shutdownNow();
        background.shutdownNow();
        if (statusRounds != null) {
            statusRounds.shutdownNow();
        }
        status.close();
    }

    public DiscordShards discord() {
        return shards;
    }

    /** The bot's database. */
    public Store store() {
        return store;
    }

    /** The metrics and /health endpoint. */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** Deletes expired keys now (tests; production runs it every few hours). */
    public void purgeExpired() {
        communities.purgeExpired();
    }

    /**
     * Stops the guilds' background work, then stops taking commands, lets in-flight work finish
     * (bounded) and disconnects every shard; the store closes last.
     */
    @Override
    public void close() {
        try {
            communities.close();
            background.shutdownNow();
            if (statusRounds != null) {
                statusRounds.shutdownNow();
            }
            shards.shutdown(BotApplication.SHUTDOWN_GRACE);
            status.close();
            monitoring.close();
        } finally {
            store.close();
        }
    }
}
