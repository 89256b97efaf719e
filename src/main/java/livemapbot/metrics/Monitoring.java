package livemapbot.metrics;

import livemapbot.config.MetricsSettings;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The metrics of one bot process and, when {@code metrics.port} is set, the endpoint that serves
 * them with {@code /health}. Started right after the store (so {@code /health} says "not connected
 * yet" while the gateway connects), told the gateway's shards once they exist, closed at shutdown.
 * With the port at 0 the metrics are {@link BotMetrics#off()} and nothing listens.
 */
public final class Monitoring implements AutoCloseable {
    private final BotMetrics metrics;
    private final PrometheusMetrics prometheus;
    private final Health health;
    private final MetricsServer server;
    private final AtomicReference<Supplier<List<Health.ShardState>>> gateway;

    private Monitoring(BotMetrics metrics, PrometheusMetrics prometheus, Health health, MetricsServer server,
                       AtomicReference<Supplier<List<Health.ShardState>>> gateway) {
        this.metrics = metrics;
        this.prometheus = prometheus;
        this.health = health;
        this.server = server;
        this.gateway = gateway;
    }

    /**
     * Starts the endpoint when {@code settings} has a port; {@code store} is the store's check.
     *
     * @throws MetricsServer.StartException when the port cannot be listened on (the message names the key)
     */
    public static Monitoring start(MetricsSettings settings, Health.Check store) throws MetricsServer.StartException {
        AtomicReference<Supplier<List<Health.ShardState>>> gateway = new AtomicReference<>(List::of);
        if (!settings.on()) {
            return new Monitoring(BotMetrics.off(), null, null, null, gateway);
        }
        PrometheusMetrics prometheus = new PrometheusMetrics();
        Health health = new Health(List.of(Health.gateway(() -> gateway.get().get()), store));
        try {
            MetricsServer server = MetricsServer.start(settings, prometheus, health);
            return new Monitoring(prometheus, prometheus, health, server, gateway);
        } catch (MetricsServer.StartException | RuntimeException e) {
            health.close();
            prometheus.close();
            throw e;
        }
    }

    /** What the bot counts into: the registry, or the no-op when metrics are off. */
    public BotMetrics metrics() {
        return metrics;
    }

    /** From now on {@code /health}'s gateway check asks {@code shards} (every shard this process runs). */
    public void gateway(Supplier<List<Health.ShardState>> shards) {
        gateway.set(shards);
    }

    /** The port listened on; empty when metrics are off. */
    public OptionalInt port() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }

    /** The address and port listened on; empty when metrics are off. */
    public java.util.Optional<java.net.InetSocketAddress> address() {
        return server == null ? java.util.Optional.empty() : java.util.Optional.of(server.address());
    }

    /** The health verdict now (null when metrics are off). */
    public Health.Verdict health() {
        return health == null ? null : health.check();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (health != null) {
            health.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
