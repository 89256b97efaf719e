package livemapbot.discord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The custom id of a button: {@code command:action:arg:expiry}, where expiry is the epoch second
 * (base 36) after which the button is dead. Carrying the expiry in the id means a click can be
 * judged without any state, even after a restart, and the id stays far below Discord's limit of
 * 100 characters.
 *
 * @param command the owning command's name
 * @param action  what the button does, e.g. {@code confirm}
 * @param arg     one argument without colons (a preview key, a page number), may be empty
 */
public record ComponentId(String command, String action, String arg, Instant expiresAt) {
    public static final int MAX_LENGTH = 100;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_\\-.]*");

    public ComponentId {
        for (String part : List.of(command, action, arg)) {
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("component id part has characters outside [A-Za-z0-9_-.]: " + part);
            }
        }
        if (command.isEmpty() || action.isEmpty()) {
            throw new IllegalArgumentException("command and action are required");
        }
        expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
        if (encodeParts(command, action, arg, expiresAt).length() > MAX_LENGTH) {
            throw new IllegalArgumentException("component id longer than " + MAX_LENGTH + " characters");
        }
    }

    public String encode() {
        return encodeParts(command, action, arg, expiresAt);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Parses an id made by {@link #encode()}; anything else (an old format, a stranger's id) is empty. */
    public static Optional<ComponentId> parse(String raw) {
        if (raw == null || raw.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = raw.split(":", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            long epoch = Long.parseLong(parts[3], 36);
            return Optional.of(new ComponentId(parts[0], parts[1], parts[2], Instant.ofEpochSecond(epoch)));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String encodeParts(String command, String action, String arg, Instant expiresAt) {
        return command + ':' + action + ':' + arg + ':' + Long.toString(expiresAt.getEpochSecond(), 36);
    }
}
