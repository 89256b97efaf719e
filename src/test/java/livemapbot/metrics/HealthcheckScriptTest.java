package livemapbot.metrics;

import livemapbot.config.MetricsSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dockerfile's HEALTHCHECK script against the real endpoint: healthy on 200 only, a no-op without METRICS_PORT. */
class HealthcheckScriptTest {
    private static final Path SCRIPT = Path.of("src/main/docker/healthcheck.sh");

    private static int run(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().remove("METRICS_PORT");
        builder.environment().remove("METRICS_BIND_ADDRESS");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the script finished");
        return process.exitValue();
    }

    @Test
    void healthyOnlyWhileHealthSays200() throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT));
        AtomicBoolean up = new AtomicBoolean(true);
        Health.Check store = Health.of("store", () -> {
            if (!up.get()) {
                throw new IllegalStateException("down");
            }
        });
        try (PrometheusMetrics metrics = new PrometheusMetrics();
             Health health = new Health(List.of(store));
             MetricsServer server = MetricsServer.start(new MetricsSettings(0, "127.0.0.1"), metrics, health)) {
            String port = Integer.toString(server.port());

            assertEquals(0, run(Map.of("METRICS_PORT", port)));
            assertEquals(0, run(Map.of("METRICS_PORT", port, "METRICS_BIND_ADDRESS", "0.0.0.0")));
            up.set(false);
            assertEquals(1, run(Map.of("METRICS_PORT", port)));
        }
    }

    @Test
    void withoutAPortItAlwaysPasses() throws Exception {
        assertEquals(0, run(Map.of()));
        assertEquals(0, run(Map.of("METRICS_PORT", "0")));
    }

    @Test
    void nothingListeningIsUnhealthy() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertEquals(1, run(Map.of("METRICS_PORT", Integer.toString(port))));
    }
}
