package livemapbot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the bot can append to a file it will only write later ({@code audit.path}): checked
 * by {@code check} and before {@code run} connects, so a directory or an unwritable path is a
 * configuration problem at start, not a failed audit record after the first CAD change.
 * Nothing is created here.
 */
final class WritableFile {
    private WritableFile() {
    }

    /** Why {@code path} cannot be appended to (a phrase following the key), or empty when it can. */
    static Optional<String> problem(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String user = System.getProperty("user.name", "?");
        if (Files.isDirectory(absolute)) {
            return Optional.of("is a directory, got " + Quote.value(path.toString())
                    + "; name a file in it, e.g. audit.jsonl");
        }
        if (Files.exists(absolute)) {
            if (!Files.isRegularFile(absolute)) {
                return Optional.of("is not a regular file, got " + Quote.value(path.toString()));
            }
            if (!Files.isWritable(absolute)) {
                return Optional.of("the file " + Quote.value(path.toString()) + " is not writable by the bot's user ("
                        + user + "); fix its permissions or choose another path");
            }
            return Optional.empty();
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            return Optional.of("cannot be created, got " + Quote.value(path.toString()));
        }
        if (!Files.isDirectory(ancestor)) {
            return Optional.of("cannot be created: " + Quote.value(ancestor.toString())
                    + " is a file, not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            return Optional.of("cannot be created: the bot's user (" + user + ") may not write in "
                    + Quote.value(ancestor.toString()) + "; fix its permissions or choose another path");
        }
        return Optional.empty();
    }
}
