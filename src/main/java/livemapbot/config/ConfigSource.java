package livemapbot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which configuration file a load reads, said in {@code check} and in every configuration error:
 * "which file did it read?" is the first question when a value seems ignored.
 *
 * @param file     the file named by {@code --config}, else {@link SettingsLoader#DEFAULT_FILE}
 * @param explicit whether {@code --config} named it (then it must exist)
 */
public record ConfigSource(Path file, boolean explicit) {

    /** The file {@code --config} names, else the default {@code ./config.properties}. */
    public static ConfigSource of(Optional<Path> explicitFile) {
        return explicitFile.map(f -> new ConfigSource(f, true))
                .orElseGet(() -> new ConfigSource(SettingsLoader.DEFAULT_FILE, false));
    }

    /** Whether there is a file to read. */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * One sentence, e.g. {@code Configuration file: /srv/bot/config.properties (the environment
     * overrides it).} or {@code No configuration file read (/srv/bot/config.properties does not
     * exist): settings come from the environment and the defaults.}
     */
    public String describe() {
        Path absolute = file.toAbsolutePath().normalize();
        if (exists()) {
            return "Configuration file: " + absolute + " (the environment overrides it).";
        }
        return "No configuration file read (" + absolute + " does not exist"
                + (explicit ? ")." : "): settings come from the environment and the defaults.");
    }
}
