package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13's metrics.port (0 = off, env METRICS_PORT) and metrics.bindAddress (127.0.0.1 unless set). */
class MetricsSettingsTest {
    @TempDir
    Path dir;

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", "token.for.metrics.tests");
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("SONORAN_COMMUNITY_ID", "community");
        env.put("SONORAN_API_KEY", "key-for-metrics-tests");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private MetricsSettings load(String... pairs) throws ConfigException {
        return SettingsLoader.load(dir.resolve("none.properties"), false, env(pairs), Mode.RUN).metrics();
    }

    private List<String> problems(String... pairs) {
        return assertThrows(ConfigException.class,
                () -> SettingsLoader.load(dir.resolve("none.properties"), false, env(pairs), Mode.RUN)).problems();
    }

    @Test
    void offAndOnLoopbackByDefault() throws Exception {
        MetricsSettings metrics = load();

        assertEquals(0, metrics.port());
        assertFalse(metrics.on());
        assertEquals("127.0.0.1", metrics.bindAddress());
        assertEquals(MetricsSettings.OFF, metrics);
    }

    @Test
    void theEnvironmentSetsBothKeys() throws Exception {
        MetricsSettings metrics = load("METRICS_PORT", "9464", "METRICS_BIND_ADDRESS", "0.0.0.0");

        assertEquals(new MetricsSettings(9464, "0.0.0.0"), metrics);
        assertTrue(metrics.on());
    }

    @Test
    void theFileSetsThemAndTheEnvironmentWins() throws Exception {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "metrics.port=9100\nmetrics.bindAddress=metrics.internal\n");

        MetricsSettings fromFile = SettingsLoader.load(file, true, env(), Mode.RUN).metrics();
        MetricsSettings overridden = SettingsLoader.load(file, true, env("METRICS_PORT", "9200"), Mode.RUN).metrics();

        assertEquals(new MetricsSettings(9100, "metrics.internal"), fromFile);
        assertEquals(9200, overridden.port());
    }

    @Test
    void thePortIsZeroToMax() throws Exception {
        assertEquals(65535, load("METRICS_PORT", "65535").port());
        assertEquals(List.of("metrics.port (METRICS_PORT): must be 0 (off) or a port from 1 to 65535, got \"65536\""),
                problems("METRICS_PORT", "65536"));
        assertEquals(1, problems("METRICS_PORT", "-1").size());
        assertEquals(1, problems("METRICS_PORT", "http").size());
        assertEquals(1, problems("METRICS_PORT", "99999999999").size());
    }

    @Test
    void theBindAddressIsAnIpLiteralOrAHostName() throws Exception {
        for (String good : List.of("127.0.0.1", "0.0.0.0", "10.1.2.3", "::", "::1", "[::1]", "fe80::1:2",
                "2001:db8:0:0:0:0:0:1", "::ffff:192.168.0.1", "localhost", "metrics.internal", "bot-1")) {
            assertEquals(good, load("METRICS_BIND_ADDRESS", good).bindAddress(), good);
        }
        for (String bad : List.of("256.1.1.1", "1.2.3", "http://127.0.0.1", "127.0.0.1:9464", "a b", "-host",
                "1::2::3", "12345::1", "host_name")) {
            List<String> problems = problems("METRICS_BIND_ADDRESS", bad);
            assertEquals(1, problems.size(), bad + ": " + problems);
            assertTrue(problems.get(0).startsWith("metrics.bindAddress (METRICS_BIND_ADDRESS): must be an IP address"),
                    problems.get(0));
        }
    }
}
