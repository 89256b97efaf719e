package livemapbot.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * {@link BotMetrics} kept in Micrometer's Prometheus registry, with the JVM basics (memory, GC,
 * threads, classes, CPU, uptime). {@link #scrape()} is the text {@code /metrics} serves. The metric
 * names are listed in README "Metrics and health"; a test keeps them there.
 */
public final class PrometheusMetrics implements BotMetrics, AutoCloseable {
    /** The buckets of the acknowledgement histogram: Discord drops an interaction not acknowledged within 3 s. */
    static final Duration[] ACK_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(3), Duration.ofSeconds(5)};
    private static final int MAX_LABEL = 40;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer ackLatency;

    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        ackLatency = Timer.builder("livemap.ack.latency")
                .description("From an interaction reaching the bot to its acknowledgement being sent")
                .serviceLevelObjectives(ACK_BUCKETS)
                .register(registry);
    }

    /** The Prometheus text exposition (format 0.0.4) of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void command(String command, String kind, CommandOutcome outcome) {
        Counter.builder("livemap.commands").description("Interactions dispatched, by command, kind and outcome")
                .tag("command", label(command)).tag("kind", label(kind)).tag("outcome", outcome.label())
                .register(registry).increment();
    }

    @Override
    public void acknowledged(Duration latency) {
        ackLatency.record(latency);
    }

    @Override
    public void sonoranCall(String operation, String outcome, Duration took) {
        Timer.builder("livemap.sonoran.calls").description("Sonoran operations (retries included), by outcome")
                .tag("operation", label(operation)).tag("outcome", label(outcome))
                .register(registry).record(took);
    }

    @Override
    public void rateLimitWait(String source, Duration waited) {
        Timer.builder("livemap.rate.limit.waits").description("Waits before a Sonoran call: own pace or Sonoran's 429")
                .tag("source", label(source)).register(registry).record(waited);
    }

    @Override
    public void conflict(String kind) {
        Counter.builder("livemap.conflicts").description("Writes refused because the CAD changed since the preview")
                .tag("kind", label(kind)).register(registry).increment();
    }

    @Override
    public void driftDetected(String kind) {
        Counter.builder("livemap.drift.detections").description("Changes made outside the bot, found by the drift watch")
                .tag("kind", label(kind)).register(registry).increment();
    }

    @Override
    public void probeVerdict(String verdict) {
        Counter.builder("livemap.probe.verdicts").description("Game-server probes, by verdict")
                .tag("verdict", label(verdict)).register(registry).increment();
    }

    @Override
    public void storeCall(String operation, boolean ok, Duration took) {
        Timer.builder("livemap.store.calls").description("Calls to the bot's database, by operation and outcome")
                .tag("operation", label(operation)).tag("outcome", ok ? "ok" : "failed")
                .register(registry).record(took);
    }

    @Override
    public void guildsSetUp(IntSupplier count) {
        // Held strongly: Micrometer keeps a gauge's object weakly, and nothing else keeps a method
        // reference such as communities::count, so the gauge would read NaN after the next GC.
        Gauge.builder("livemap.guilds", count, c -> c.getAsInt())
                .strongReference(true)
                .description("Guilds (communities) this process has set up").register(registry);
    }

    /** Stops the GC listener; the registry itself holds nothing else to release. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /**
     * A label value as Prometheus likes it and as this bot promises it: lower case, letters, digits
     * and underscores only, short. The callers pass fixed names; this is the last guard.
     */
    static String label(String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LABEL));
        for (int i = 0; i < value.length() && out.length() < MAX_LABEL; i++) {
            char c = Character.toLowerCase(value.charAt(i));
            out.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '_');
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
