package livemapbot.discord;

import livemapbot.config.ConfigKey;
import livemapbot.config.Settings;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.SequentialRestRateLimiter;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.messages.MessageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDA connection: log in with no privileged intent, wait for the guild, register the
 * commands there (one bulk overwrite), and shut down in order.
 */
public final class DiscordBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);

    /** How long start-up waits for the gateway's READY and the guild before giving up (issue 8: it waited forever). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** How long queued replies (the last hook edits of finished work) may take to go out at shutdown. */
    private static final Duration REPLY_DRAIN = Duration.ofSeconds(5);

    private final JDA jda;
    private final CommandRouter router;
    private final ExecutorService workers;
    private final PendingRestCalls pendingRest;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    DiscordBot(JDA jda, CommandRouter router, ExecutorService workers, PendingRestCalls pendingRest) {
        this.jda = jda;
        this.router = router;
        this.workers = workers;
        this.pendingRest = pendingRest;
    }

    /**
     * Connects and registers the commands. Blocks until the guild is ready.
     *
     * @throws StartupException with a message for the server owner when the token is refused, the
     *                          bot is not in the guild, or the commands cannot be registered
     */
    public static DiscordBot start(Settings settings, CommandRouter router, ExecutorService workers)
            throws StartupException, InterruptedException {
        return start(settings, router, workers, READY_TIMEOUT);
    }

    /**
     * As {@link #start(Settings, CommandRouter, ExecutorService)}, waiting at most {@code readyTimeout}
     * for the gateway: when it cannot be reached (a wrong discord.gatewayUrl, a proxy, a firewall) JDA
     * retries for ever, so start-up gives up, disconnects and says which setting to check.
     */
    static DiscordBot start(Settings settings, CommandRouter router, ExecutorService workers, Duration readyTimeout)
            throws StartupException, InterruptedException {
        // No message of this bot may ping: CAD text and notes end up in messages (JDA allows every mention by default).
        MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
        JDA jda;
        AtomicReference<PendingRestCalls> pendingRest = new AtomicReference<>();
        try {
            // No intent at all: GUILDS is implied by JDA and is all a slash-command bot needs; the
            // caller's roles come with every interaction.
            jda = JDABuilder.createLight(settings.discordToken().reveal(), EnumSet.noneOf(GatewayIntent.class))
                    .setRestConfig(new RestConfig().setBaseUrl(settings.discordRestUrl())
                            .setRateLimiterFactory(config -> {
                                PendingRestCalls tracked = new PendingRestCalls(new SequentialRestRateLimiter(config),
                                        router.acks());
                                pendingRest.set(tracked);
                                return tracked;
                            }))
                    .setSessionController(new FixedGatewaySessionController(settings.discordGatewayUrl()))
                    // Plain JSON frames: the same code path for Discord and for a gateway proxy or test fake.
                    .setCompression(Compression.NONE)
                    .setGatewayEncoding(GatewayEncoding.JSON)
                    .setEnableShutdownHook(false)
                    .addEventListeners(router)
                    .build();
        } catch (net.dv8tion.jda.api.exceptions.InvalidTokenException e) {
            throw new StartupException("Discord refused the bot token. Copy it again from the Developer Portal "
                    + "(Bot › Reset Token) into discord.token (DISCORD_TOKEN).");
        } catch (IllegalArgumentException e) {
            throw new StartupException("Cannot log in to Discord: " + e.getMessage());
        }
        awaitReady(jda, settings, readyTimeout);
        Guild guild = jda.getGuildById(settings.guildId());
        if (guild == null) {
            shutdownQuietly(jda);
            throw new StartupException("The bot is not a member of guild " + settings.guildId()
                    + " (discord.guildId). Invite it with the URL in README (scopes bot and applications.commands), "
                    + "or fix the id.");
        }
        List<CommandData> definitions = router.commands().stream().map(c -> (CommandData) c.definition()).toList();
        try {
            guild.updateCommands().addCommands(definitions).complete();
        } catch (RuntimeException e) {
            shutdownQuietly(jda);
            throw new StartupException("Could not register the slash commands in " + guild.getName()
                    + ": " + e.getMessage() + ". Re-invite the bot with the applications.commands scope.");
        }
        LOG.info("ready in guild {} ({}), commands: {}", guild.getName(), guild.getId(),
                router.commands().stream().map(c -> "/" + c.name()).toList());
        return new DiscordBot(jda, router, workers, pendingRest.get());
    }

    public JDA jda() {
        return jda;
    }

    /** The gateway connection as {@code /health} sees it: one shard, connected or not. */
    public List<livemapbot.metrics.Health.ShardState> gatewayStates() {
        JDA.Status status = jda.getStatus();
        return List.of(new livemapbot.metrics.Health.ShardState(0, status == JDA.Status.CONNECTED, status.name()));
    }

    /** True once {@link #shutdown} has begun: new interactions are refused. */
    public boolean isShuttingDown() {
        return shuttingDown.get();
    }

    /**
     * Stops in this order: new interactions are refused ("restarting"); in-flight CAD work (a write
     * and its audit record) may finish for up to {@code grace}; the replies it queued go out; then
     * JDA disconnects, forcibly if it does not stop in time. Later calls do nothing.
     */
    public void shutdown(Duration grace) {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        router.stopAccepting();
        try {
            WorkDrain.drain(workers, grace, LOG);
            if (pendingRest != null && !pendingRest.awaitIdle(REPLY_DRAIN)) {
                LOG.warn("{} Discord call(s) still queued after {} s; disconnecting anyway",
                        pendingRest.count(), REPLY_DRAIN.toSeconds());
            }
            jda.shutdown();
            if (!jda.awaitShutdown(Duration.ofSeconds(10))) {
                jda.shutdownNow();
                jda.awaitShutdown(Duration.ofSeconds(5));
            }
            LOG.info("disconnected from Discord");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
            jda.shutdownNow();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    /** JDA's own awaitReady() has no bound; this one has, and ends early when JDA gives up by itself. */
    private static void awaitReady(JDA jda, Settings settings, Duration timeout)
            throws StartupException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                jda.awaitReady();
                ready.complete(null);
            } catch (InterruptedException e) {
                ready.cancel(false);
            } catch (RuntimeException e) {
                ready.completeExceptionally(e); // JDA shut down before READY (e.g. the gateway refused the token)
            }
        }, "await-discord-ready");
        waiter.setDaemon(true);
        waiter.start();
        try {
            ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            JDA.Status status = jda.getStatus();
            shutdownQuietly(jda);
            throw new StartupException(gatewayProblem(settings, "did not get ready within " + timeout.toSeconds()
                    + " s (still " + status + ")"));
        } catch (ExecutionException e) {
            shutdownQuietly(jda);
            throw new StartupException(gatewayProblem(settings, "closed the connection before READY ("
                    + e.getCause().getClass().getSimpleName()
                    + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage()) + ")"));
        } catch (InterruptedException e) {
            shutdownQuietly(jda);
            throw e;
        } finally {
            waiter.interrupt();
        }
    }

    static String gatewayProblem(Settings settings, String what) {
        ConfigKey key = ConfigKey.DISCORD_GATEWAY_URL;
        return "The Discord gateway at " + settings.discordGatewayUrl() + " " + what + ". Check " + key.key()
                + " (" + key.envName() + "; unset it to use Discord's own, " + key.defaultValue()
                + ") and that no proxy or firewall blocks WebSocket connections to it.";
    }

    private static void shutdownQuietly(JDA jda) {
        jda.shutdownNow();
    }

    /** Points every (re)connect at the configured gateway URL instead of asking Discord for one. */
    private static final class FixedGatewaySessionController extends SessionControllerAdapter {
        private final String gateway;

        FixedGatewaySessionController(String gateway) {
            this.gateway = gateway;
        }

        @Override
        public String getGateway() {
            return gateway;
        }
    }
}
