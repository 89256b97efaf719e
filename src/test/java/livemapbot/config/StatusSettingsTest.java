package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11's keys: probe.enabled, probe.allowPrivateAddresses, status.intervalSeconds. */
class StatusSettingsTest {
    @TempDir
    Path dir;

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", "token.for.status.tests");
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("SONORAN_COMMUNITY_ID", "community");
        env.put("SONORAN_API_KEY", "key-for-status-tests");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private StatusSettings load(String... pairs) throws ConfigException {
        return SettingsLoader.load(dir.resolve("none.properties"), false, env(pairs), Mode.RUN).status();
    }

    private List<String> problems(String... pairs) {
        return assertThrows(ConfigException.class,
                () -> SettingsLoader.load(dir.resolve("none.properties"), false, env(pairs), Mode.RUN)).problems();
    }

    @Test
    void probingIsOnPrivateAddressesRefusedAndTheWatchOffByDefault() throws Exception {
        StatusSettings status = load();

        assertTrue(status.probeEnabled());
        assertFalse(status.allowPrivateAddresses());
        assertEquals(Duration.ZERO, status.watchInterval());
        assertFalse(status.watchOn());
        assertEquals(StatusSettings.DEFAULT, status);
    }

    @Test
    void theEnvironmentSetsEachKey() throws Exception {
        StatusSettings status = load("PROBE_ENABLED", "false", "PROBE_ALLOW_PRIVATE_ADDRESSES", "true",
                "STATUS_INTERVAL_SECONDS", "300");

        assertEquals(new StatusSettings(false, true, Duration.ofMinutes(5)), status);
        assertTrue(status.watchOn());
    }

    @Test
    void theWatchIntervalIsZeroOrAtLeastAMinute() throws Exception {
        assertEquals(Duration.ofSeconds(60), load("STATUS_INTERVAL_SECONDS", "60").watchInterval());
        assertEquals(List.of("status.intervalSeconds (STATUS_INTERVAL_SECONDS): must be 0 (off) or a whole number"
                        + " of seconds from 60 to 86400, got \"30\""),
                problems("STATUS_INTERVAL_SECONDS", "30"));
        assertEquals(1, problems("STATUS_INTERVAL_SECONDS", "86401").size());
        assertEquals(1, problems("STATUS_INTERVAL_SECONDS", "soon").size());
    }

    @Test
    void theBooleansAreTrueOrFalse() {
        List<String> problems = problems("PROBE_ENABLED", "yes", "PROBE_ALLOW_PRIVATE_ADDRESSES", "1");

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("probe.enabled (PROBE_ENABLED): must be true or false"), problems.get(0));
    }

    /** The sandbox's demo game servers listen on 127.0.0.1, so sandbox mode allows private addresses. */
    @Test
    void sandboxModeAllowsPrivateAddresses() throws Exception {
        StatusSettings status = SettingsLoader.load(dir.resolve("none.properties"), false,
                Map.of("DISCORD_GUILD_ID", "1"), Mode.CHECK.withSandbox()).status();

        assertTrue(status.allowPrivateAddresses());
    }
}
