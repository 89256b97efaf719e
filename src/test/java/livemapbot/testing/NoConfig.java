package livemapbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An empty configuration file for tests that configure the bot through the environment only.
 * Without an explicit {@code --config}, the loader reads {@code ./config.properties} when it
 * exists — a developer's real one (token, API key) must never leak into a test run and send it
 * to a real Discord or Sonoran.
 */
public final class NoConfig {
    private static final Path EMPTY = create();

    private NoConfig() {
    }

    public static Path file() {
        return EMPTY;
    }

    public static String path() {
        return EMPTY.toString();
    }

    private static Path create() {
        try {
            Path file = Files.createTempFile("livemap-empty", ".properties");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
