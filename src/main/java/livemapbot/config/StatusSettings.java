package livemapbot.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The live-status settings (issue 11), grouped so they travel as one {@link Settings} component.
 *
 * @param probeEnabled          {@code probe.enabled}: whether game servers are probed at all
 * @param allowPrivateAddresses {@code probe.allowPrivateAddresses}: probe private, loopback, … addresses
 *                              too (a bot inside the game server's network; the sandbox; tests)
 * @param watchInterval         {@code status.intervalSeconds}: how often the status watch probes; zero = off
 */
public record StatusSettings(boolean probeEnabled, boolean allowPrivateAddresses, Duration watchInterval) {
    public static final StatusSettings DEFAULT = new StatusSettings(true, false, Duration.ZERO);

    /** The shortest watch interval: a probe result is reused for a minute anyway. */
    public static final Duration MIN_WATCH_INTERVAL = Duration.ofSeconds(60);

    public StatusSettings {
        Objects.requireNonNull(watchInterval, "watchInterval");
    }

    /** Whether the status watch runs. */
    public boolean watchOn() {
        return !watchInterval.isZero();
    }

    public StatusSettings withAllowPrivateAddresses(boolean allow) {
        return new StatusSettings(probeEnabled, allow, watchInterval);
    }
}
