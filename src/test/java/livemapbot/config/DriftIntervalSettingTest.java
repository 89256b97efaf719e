package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code drift.intervalSeconds}: default 300, 0 = off, otherwise at least a minute (issue 10). */
class DriftIntervalSettingTest {
    private static Map<String, String> env(String interval) {
        Map<String, String> env = new HashMap<>(Map.of(
                "DISCORD_TOKEN", "token.for.tests",
                "DISCORD_GUILD_ID", "123456789012345678",
                "SONORAN_SANDBOX", "true"));
        if (interval != null) {
            env.put("DRIFT_INTERVAL_SECONDS", interval);
        }
        return env;
    }

    private static Settings load(String interval) throws ConfigException {
        return SettingsLoader.load(Path.of("does-not-exist.properties"), false, env(interval), Mode.RUN);
    }

    @Test
    void theDefaultIsFiveMinutes() throws Exception {
        assertEquals(Duration.ofSeconds(300), load(null).driftInterval());
    }

    @Test
    void zeroTurnsTheWatchOffAndSixtySecondsIsTheFastestAllowed() throws Exception {
        assertEquals(Duration.ZERO, load("0").driftInterval());
        assertEquals(Duration.ofMinutes(1), load("60").driftInterval());
        assertEquals(Duration.ofDays(1), load("86400").driftInterval());
    }

    /** "never poll faster than once a minute whatever the setting (validate the key: 0 or ≥ 60)". */
    @Test
    void anIntervalBetweenOneAndFiftyNineSecondsIsAConfigurationErrorSayingSo() {
        for (String tooFast : List.of("1", "30", "59")) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(tooFast));
            assertEquals(List.of("drift.intervalSeconds (DRIFT_INTERVAL_SECONDS): must be 0 (off) or at least 60"
                    + " seconds: the check shares Sonoran's rate limit with the game servers and may not run more"
                    + " than once a minute, got \"" + tooFast + "\""), e.problems());
        }
    }

    @Test
    void aValueThatIsNotAWholeNumberInRangeIsReportedOnce() {
        for (String bad : List.of("-1", "five", "86401")) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(bad));
            assertEquals(List.of("drift.intervalSeconds (DRIFT_INTERVAL_SECONDS): must be a whole number of seconds"
                    + " from 0 to 86400, got \"" + bad + "\""), e.problems());
        }
    }
}
