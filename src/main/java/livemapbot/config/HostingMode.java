package livemapbot.config;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code hosting.mode}: whether the bot serves the one community of its configuration file
 * ({@link #SINGLE}, today's behaviour) or every guild that invites it, each with its own Sonoran
 * community and key kept encrypted in the store ({@link #MULTI}).
 */
public enum HostingMode {
    /** One guild, one Sonoran community, all from the configuration (the default). */
    SINGLE,
    /** Many guilds; each one's settings live in the store ({@code guild_settings}), API keys encrypted. */
    MULTI;

    /** The configuration value: {@code single} or {@code multi}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a configuration value names (case-insensitive), or empty. */
    public static Optional<HostingMode> parse(String value) {
        for (HostingMode mode : values()) {
            if (mode.value().equalsIgnoreCase(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
