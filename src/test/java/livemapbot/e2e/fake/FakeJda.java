package livemapbot.e2e.fake;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.GatewayEncoding;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Points a real JDA at a {@link FakeDiscord}, and shuts it down without leaving a response half-read. */
public final class FakeJda {
    /** Any non-blank string works; the fake checks only that an Authorization header is present. */
    public static final String TOKEN = "fake-bot-token";

    private FakeJda() {
    }

    /**
     * A light JDA builder aimed at the fake: REST base URL, gateway URL (RestConfig does not move the gateway; the
     * session controller does), plain JSON frames without compression, no JVM shutdown hook.
     */
    public static JDABuilder builder(FakeDiscord fake) {
        String gatewayUrl = fake.gatewayUrl();
        return JDABuilder.createLight(TOKEN, EnumSet.noneOf(GatewayIntent.class))
                .setRestConfig(new RestConfig().setBaseUrl(fake.restUrl()))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return gatewayUrl;
                    }
                })
                .setCompression(Compression.NONE)
                .setGatewayEncoding(GatewayEncoding.JSON)
                .setEnableShutdownHook(false);
    }

    /**
     * A light ShardManager builder aimed at the fake, as {@link #builder} for one JDA. Its session controller lets
     * shards identify {@code max_concurrency} at a time (from the fake's {@code gateway/bot}) and keeps the fake's
     * gateway URL; with no shard total set, the ShardManager takes the fake's recommendation.
     */
    public static DefaultShardManagerBuilder shardBuilder(FakeDiscord fake) {
        String gatewayUrl = fake.gatewayUrl();
        return DefaultShardManagerBuilder.createLight(TOKEN, EnumSet.noneOf(GatewayIntent.class))
                .setRestConfig(new RestConfig().setBaseUrl(fake.restUrl()))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gatewayUrl;
                    }

                    @Override
                    public ShardedGateway getShardedGateway(JDA api) {
                        ShardedGateway asked = super.getShardedGateway(api);
                        return new ShardedGateway(gatewayUrl, asked.getShardTotal(), asked.getConcurrency());
                    }
                })
                .setCompression(Compression.NONE)
                .setGatewayEncoding(GatewayEncoding.JSON)
                .setEnableShutdownHook(false);
    }

    /** Waits (bounded) until every shard of the manager is CONNECTED, i.e. READY and all its guilds cached. */
    public static void awaitAllConnected(ShardManager manager, int shards, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (manager.getShards().size() < shards
                    || manager.getShards().stream().anyMatch(s -> s.getStatus() != JDA.Status.CONNECTED)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("shards not all CONNECTED within " + timeout.toMillis() + " ms: "
                            + manager.getStatuses());
                }
                TimeUnit.MILLISECONDS.sleep(10); // bounded poll: a test helper, not the bot's start-up
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the shards", e);
        }
    }

    /** {@link #shutdownCleanly(JDA, Duration)} for every shard of the manager. */
    public static void shutdownCleanly(ShardManager manager, Duration timeout) {
        List<JDA> shards = List.copyOf(manager.getShards());
        shards.forEach(shard -> shutdownCleanly(shard, timeout));
        manager.shutdown();
    }

    /** Builds a JDA with these listeners and waits until the fake guild is cached. */
    public static JDA startAndAwaitReady(FakeDiscord fake, Object... listeners) {
        JDA jda = builder(fake).addEventListeners(listeners).build();
        try {
            return jda.awaitReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jda.shutdownNow();
            throw new AssertionError("interrupted while waiting for READY", e);
        }
    }

    /**
     * {@code shutdown()} + {@code awaitShutdown()} can return while OkHttp is still reading a response; closing the
     * fake then produces "unexpected end of stream" noise. So this also waits (bounded) until no HTTP call runs and
     * no pooled connection is in use, then closes the idle ones.
     */
    public static void shutdownCleanly(JDA jda, Duration timeout) {
        OkHttpClient http = jda.getHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            jda.shutdown();
            if (!jda.awaitShutdown(timeout)) {
                jda.shutdownNow();
                if (!jda.awaitShutdown(remaining(deadline))) {
                    throw new AssertionError("JDA did not shut down within " + timeout.toMillis() + " ms");
                }
            }
            ConnectionPool pool = http.connectionPool();
            while (http.dispatcher().runningCallsCount() > 0 || pool.connectionCount() > pool.idleConnectionCount()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("OkHttp still busy " + timeout.toMillis() + " ms after shutdown");
                }
                TimeUnit.MILLISECONDS.sleep(5); // bounded poll: OkHttp offers no callback for "connection released"
            }
            pool.evictAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during JDA shutdown", e);
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }
}
