package livemapbot.discord;

import livemapbot.config.Settings;
import livemapbot.hosting.ShardOwnership;
import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.SequentialRestRateLimiter;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JDA connection of the multi-community mode (issue 13): JDA's {@link ShardManager} running some or all shards of
 * one bot, commands registered globally, and the same lifecycle as {@link DiscordBot} — a bounded wait for the
 * gateway with a {@link StartupException} that says what to fix, and a {@link #shutdown} that refuses new
 * interactions, drains the workers and the queued replies, then disconnects every shard.
 *
 * <p>Several processes may each run a part of the shards ({@code shardIds}) with the same total; each one receives
 * the events of its own shards' guilds only ({@link #ownership()} says which).
 */
public final class DiscordShards implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordShards.class);

    /** How long queued replies (the last hook edits of finished work) may take to go out at shutdown. */
    private static final Duration REPLY_DRAIN = Duration.ofSeconds(5);
    /** Upper bound of one wait for a status change: shards appear in the manager without an event. */
    private static final long STATUS_POLL_MILLIS = 100;
    private static final Set<JDA.Status> GIVEN_UP = EnumSet.of(JDA.Status.FAILED_TO_LOGIN, JDA.Status.SHUTTING_DOWN,
            JDA.Status.SHUTDOWN);

    private final ShardManager manager;
    private final ShardOwnership ownership;
    private final Runnable stopAccepting;
    private final ExecutorService workers;
    private final List<PendingRestCalls> pendingRest;
    private final boolean registeredCommands;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    private DiscordShards(ShardManager manager, ShardOwnership ownership, Runnable stopAccepting,
                          ExecutorService workers, List<PendingRestCalls> pendingRest, boolean registeredCommands) {
        this.manager = manager;
        this.ownership = ownership;
        this.stopAccepting = stopAccepting;
        this.workers = workers;
        this.pendingRest = pendingRest;
        this.registeredCommands = registeredCommands;
    }

    /** Starts describing a sharded connection with the token and the REST and gateway URLs of {@code settings}. */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /** The manager of this process's shards. */
    public ShardManager shardManager() {
        return manager;
    }

    /** The shard total of the whole deployment (Discord's recommendation when none was given). */
    public int total() {
        return ownership.total();
    }

    /** The shards this process runs, and so the guilds whose background work belongs here. */
    public ShardOwnership ownership() {
        return ownership;
    }

    /** Whether this process registered the global commands (it runs shard 0). */
    public boolean registeredCommands() {
        return registeredCommands;
    }

    /**
     * The status of each shard this process runs, by shard id, for a health check: {@code CONNECTED} is healthy;
     * a shard JDA has not built yet shows as {@code INITIALIZING}.
     */
    public Map<Integer, JDA.Status> shardStatuses() {
        return statuses(manager, ownership.ids());
    }

    /** The shard that holds the guild, or null when that shard runs in another process. */
    public JDA shardFor(long guildId) {
        return manager.getShardById(ShardOwnership.shardOf(guildId, total()));
    }

    /** The guild from the cache of its shard, or null when the bot is not in it or another process holds it. */
    public Guild guild(long guildId) {
        JDA shard = shardFor(guildId);
        return shard == null ? null : shard.getGuildById(guildId);
    }

    /** True once {@link #shutdown} has begun. */
    public boolean isShuttingDown() {
        return shuttingDown.get();
    }

    /**
     * Stops in the order {@link DiscordBot#shutdown} does: new interactions are refused; in-flight work may finish
     * for up to {@code grace}; the replies it queued go out (on every shard); then every shard disconnects,
     * forcibly if it does not stop in time. Later calls do nothing.
     */
    public void shutdown(Duration grace) {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        stopAccepting.run();
        try {
            WorkDrain.drain(workers, grace, LOG);
            long deadline = System.nanoTime() + REPLY_DRAIN.toNanos();
            for (PendingRestCalls pending : pendingRest) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!pending.awaitIdle(left)) {
                    LOG.warn("{} Discord call(s) of a shard still queued after {} s; disconnecting anyway",
                            pending.count(), REPLY_DRAIN.toSeconds());
                }
            }
            disconnect(manager);
            LOG.info("disconnected {} from Discord", ownership);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
            manager.getShards().forEach(JDA::shutdownNow);
            manager.shutdown();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    /** Shuts every shard down and waits (bounded) until each has stopped. */
    private static void disconnect(ShardManager manager) throws InterruptedException {
        List<JDA> shards = List.copyOf(manager.getShards()); // the manager forgets them as it shuts down
        manager.shutdown();
        for (JDA shard : shards) {
            if (!shard.awaitShutdown(Duration.ofSeconds(10))) {
                shard.shutdownNow();
                shard.awaitShutdown(Duration.ofSeconds(5));
            }
        }
    }

    private static void shutdownQuietly(ShardManager manager) {
        manager.getShards().forEach(JDA::shutdownNow);
        manager.shutdown();
    }

    private static Map<Integer, JDA.Status> statuses(ShardManager manager, Set<Integer> ids) {
        Map<Integer, JDA.Status> statuses = new TreeMap<>();
        for (int id : ids) {
            JDA shard = manager.getShardById(id);
            statuses.put(id, shard == null ? JDA.Status.INITIALIZING : shard.getStatus());
        }
        return statuses;
    }

    /** What {@link #start()} needs; the settings give the token and the REST and gateway URLs. */
    public static final class Builder {
        private final Settings settings;
        private ListenerAdapter listener;
        private final List<ListenerAdapter> more = new java.util.ArrayList<>();
        private AckTimer acks;
        private Runnable stopAccepting = () -> { };
        private ExecutorService workers;
        private List<CommandData> commands = List.of();
        private OptionalInt shardTotal = OptionalInt.empty();
        private Set<Integer> shardIds = Set.of();
        private Duration readyTimeout = DiscordBot.READY_TIMEOUT;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Receives every shard's events (e.g. the multi-mode router); it must not block JDA's event thread. */
        public Builder listener(ListenerAdapter value) {
            this.listener = value;
            return this;
        }

        /** Another listener of every shard's events (e.g. guild joins and leaves); must not block either. */
        public Builder alsoListener(ListenerAdapter value) {
            this.more.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Times every acknowledgement the shards send (the router's {@link CommandRouter#acks()}). */
        public Builder acks(AckTimer value) {
            this.acks = value;
            return this;
        }

        /** Run first at shutdown: from then on the listener refuses new interactions ("restarting"). */
        public Builder onStopAccepting(Runnable value) {
            this.stopAccepting = Objects.requireNonNull(value, "stopAccepting");
            return this;
        }

        /** The pool the listener hands command work to; drained at shutdown. */
        public Builder workers(ExecutorService value) {
            this.workers = value;
            return this;
        }

        /** The commands to register globally, in one bulk overwrite, by the process that runs shard 0. */
        public Builder globalCommands(List<? extends CommandData> value) {
            this.commands = List.copyOf(value);
            return this;
        }

        /** The deployment's shard total; empty takes Discord's recommendation ({@code GET gateway/bot}). */
        public Builder shardTotal(OptionalInt value) {
            this.shardTotal = Objects.requireNonNull(value, "shardTotal");
            return this;
        }

        /** The shards this process runs; empty runs all of them. */
        public Builder shardIds(Set<Integer> value) {
            this.shardIds = Set.copyOf(value);
            return this;
        }

        /** How long start-up waits for every shard of this process to be connected; {@link DiscordBot#READY_TIMEOUT} by default. */
        public Builder readyTimeout(Duration value) {
            this.readyTimeout = Objects.requireNonNull(value, "readyTimeout");
            return this;
        }

        /**
         * Logs in, waits until every shard this process runs is {@code CONNECTED} (READY and its guilds cached),
         * and, in the process that runs shard 0, registers the commands globally.
         *
         * @throws StartupException with a message for the operator when the token is refused, the shard settings
         *                          do not fit together, the gateway does not answer in time, or the commands cannot
         *                          be registered
         */
        public DiscordShards start() throws StartupException, InterruptedException {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(workers, "workers");
            checkShardSettings();
            // No message of this bot may ping: CAD text and notes end up in messages (JDA allows every mention by default).
            MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
            List<PendingRestCalls> pendingRest = new CopyOnWriteArrayList<>();
            Object statusChanged = new Object();
            EventListener statusWatch = event -> wake(statusChanged, event);
            ShardManager manager;
            try {
                // No intent at all, as in single mode: GUILDS is implied and is all a slash-command bot needs.
                DefaultShardManagerBuilder builder = DefaultShardManagerBuilder
                        .createLight(settings.discordToken().reveal(), EnumSet.noneOf(GatewayIntent.class))
                        .setRestConfig(new RestConfig().setBaseUrl(settings.discordRestUrl())
                                .setRateLimiterFactory(config -> {
                                    // One limiter per shard: each gets its own count of calls still to be sent.
                                    PendingRestCalls tracked = acks == null
                                            ? new PendingRestCalls(new SequentialRestRateLimiter(config))
                                            : new PendingRestCalls(new SequentialRestRateLimiter(config), acks);
                                    pendingRest.add(tracked);
                                    return tracked;
                                }))
                        .setSessionController(new FixedShardedGatewayController(settings.discordGatewayUrl()))
                        // Plain JSON frames: the same code path for Discord and for a gateway proxy or test fake.
                        .setCompression(Compression.NONE)
                        .setGatewayEncoding(GatewayEncoding.JSON)
                        .setEnableShutdownHook(false)
                        .setShardsTotal(shardTotal.orElse(-1)) // -1: JDA asks gateway/bot for the recommendation
                        .addEventListeners(listener, statusWatch)
                        .addEventListeners(more.toArray());
                if (!shardIds.isEmpty()) {
                    builder.setShards(shardIds);
                }
                manager = builder.build(); // logs the first shard in on this thread: a bad token fails here
            } catch (InvalidTokenException e) {
                throw new StartupException("Discord refused the bot token. Copy it again from the Developer Portal "
                        + "(Bot › Reset Token) into discord.token (DISCORD_TOKEN).");
            } catch (RuntimeException e) {
                throw new StartupException("Cannot log in to Discord (" + settings.discordRestUrl() + "): "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            ShardOwnership ownership = shardIds.isEmpty()
                    ? ShardOwnership.all(manager.getShardsTotal())
                    : new ShardOwnership(manager.getShardsTotal(), shardIds);
            awaitConnected(manager, ownership, statusChanged);
            boolean registers = ownership.ids().contains(0);
            if (registers) {
                registerGlobally(manager);
            }
            LOG.info("connected {} ({} guild(s)); commands {} globally: {}", ownership, manager.getGuildCache().size(),
                    registers ? "registered" : "left to the process that runs shard 0",
                    commands.stream().map(c -> "/" + c.getName()).toList());
            return new DiscordShards(manager, ownership, stopAccepting, workers, pendingRest, registers);
        }

        private void checkShardSettings() throws StartupException {
            if (shardTotal.isPresent() && shardTotal.getAsInt() < 1) {
                throw new StartupException("The shard total (discord.shardTotal) must be at least 1, not "
                        + shardTotal.getAsInt() + ".");
            }
            if (!shardIds.isEmpty() && shardTotal.isEmpty()) {
                throw new StartupException("Running only some shards (discord.shardIds " + new TreeSet<>(shardIds)
                        + ") needs the shard total every process uses (discord.shardTotal); Discord's "
                        + "recommendation can change between two processes' starts.");
            }
            for (int id : shardIds) {
                if (id < 0 || id >= shardTotal.orElse(Integer.MAX_VALUE)) {
                    throw new StartupException("Shard " + id + " (discord.shardIds) does not exist with a shard total of "
                            + shardTotal.getAsInt() + " (discord.shardTotal): shards are numbered 0 to "
                            + (shardTotal.getAsInt() - 1) + ".");
                }
            }
        }

        /**
         * One bulk overwrite from one process: global commands belong to the application, not to a shard, so a
         * registration per shard or per process would only repeat the same write (and spend Discord's daily
         * budget of global command creates), and processes started with different versions would race to
         * overwrite each other. Shard 0 exists in every deployment, so exactly one process registers.
         */
        private void registerGlobally(ShardManager manager) throws StartupException {
            try {
                manager.getShardById(0).updateCommands().addCommands(commands).complete();
            } catch (RuntimeException e) {
                shutdownQuietly(manager);
                throw new StartupException("Could not register the slash commands globally: " + e.getMessage()
                        + ". Re-invite the bot with the applications.commands scope.");
            }
        }

        /** JDA's own awaitReady() has no bound; this one has, and ends early when a shard gives up by itself. */
        private void awaitConnected(ShardManager manager, ShardOwnership ownership, Object statusChanged)
                throws StartupException, InterruptedException {
            long deadline = System.nanoTime() + readyTimeout.toNanos();
            synchronized (statusChanged) {
                while (true) {
                    Map<Integer, JDA.Status> statuses = statuses(manager, ownership.ids());
                    if (statuses.values().stream().allMatch(JDA.Status.CONNECTED::equals)) {
                        return;
                    }
                    if (statuses.values().stream().anyMatch(GIVEN_UP::contains)) {
                        shutdownQuietly(manager);
                        throw new StartupException(DiscordBot.gatewayProblem(settings,
                                "closed the connection before READY (shards: " + statuses + ")"));
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        shutdownQuietly(manager);
                        throw new StartupException(DiscordBot.gatewayProblem(settings, "did not get every shard ready"
                                + " within " + readyTimeout.toSeconds() + " s (shards: " + statuses + ")"));
                    }
                    TimeUnit.NANOSECONDS.timedWait(statusChanged,
                            Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(STATUS_POLL_MILLIS)));
                }
            }
        }

        /** On JDA's event thread: only a wake-up, never a wait. */
        private static void wake(Object statusChanged, GenericEvent event) {
            if (event instanceof StatusChangeEvent) {
                synchronized (statusChanged) {
                    statusChanged.notifyAll();
                }
            }
        }
    }

    /**
     * Points every shard's (re)connect at the configured gateway URL instead of the one {@code gateway/bot} names,
     * while still taking the shard total and {@code max_concurrency} from it. Concurrent: shards in different
     * buckets identify in parallel (Discord allows {@code max_concurrency} at once, 5 s apart per bucket).
     */
    private static final class FixedShardedGatewayController extends ConcurrentSessionController {
        private final String gateway;

        FixedShardedGatewayController(String gateway) {
            this.gateway = gateway;
        }

        @Override
        public String getGateway() {
            return gateway;
        }

        @Override
        public ShardedGateway getShardedGateway(JDA api) {
            ShardedGateway discord = super.getShardedGateway(api);
            return new ShardedGateway(gateway, discord.getShardTotal(), discord.getConcurrency());
        }
    }
}
