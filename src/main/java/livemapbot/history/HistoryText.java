package livemapbot.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static livemapbot.text.Text.cut;

/**
 * The words history, rollback and drift texts share, without JDA: who made a change, how long ago,
 * the revision autocomplete label and one field change old → new. Plain text; escaping for
 * Discord markdown is the embed's job.
 */
public final class HistoryText {
    /** Discord's limit for an autocomplete choice's name. */
    public static final int MAX_CHOICE_NAME = 100;
    /** Separator of the parts of a revision label. */
    static final String DOT = " · ";

    private HistoryText() {
    }

    /**
     * Who made a change, from the store's source value ({@code bot}, {@code rollback},
     * {@code outside}; any case): {@code through the bot}, {@code rollback}, {@code outside the bot}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static String sourceWords(String source) {
        return switch (source.toLowerCase(Locale.ROOT)) {
            case "bot" -> "through the bot";
            case "rollback" -> "rollback";
            case "outside" -> "outside the bot";
            default -> throw new IllegalArgumentException("unknown revision source: " + source);
        };
    }

    /**
     * How long ago {@code then} was, in the largest whole unit: {@code just now} (under a minute, or
     * in the future: clocks of two processes may differ a little), {@code 5 min ago}, {@code 2 h ago},
     * {@code 3 d ago}.
     */
    public static String relativeTime(Instant then, Instant now) {
        Duration ago = Duration.between(then, now);
        if (ago.compareTo(Duration.ofMinutes(1)) < 0) {
            return "just now";
        }
        if (ago.compareTo(Duration.ofHours(1)) < 0) {
            return ago.toMinutes() + " min ago";
        }
        if (ago.compareTo(Duration.ofDays(1)) < 0) {
            return ago.toHours() + " h ago";
        }
        return ago.toDays() + " d ago";
    }

    /**
     * The autocomplete label of a revision, e.g. {@code #41 · Main City · mapIp, listenerPort · 2 h ago
     * · outside the bot}, at most {@link #MAX_CHOICE_NAME} chars. Number, time and source always show
     * whole; when too long the field list and then the server name are shortened (never splitting a
     * character). An empty server name or field list leaves its part out.
     *
     * @param fields what changed: JSON keys, or a word such as {@code added} for a whole server
     * @param source the store's source value (see {@link #sourceWords})
     */
    public static String revisionLabel(long number, String server, List<String> fields, Instant at, Instant now,
                                       String source) {
        String head = "#" + number;
        String tail = relativeTime(at, now) + DOT + sourceWords(source);
        String name = server == null ? "" : server.strip();
        String what = String.join(", ", fields);
        int separators = DOT.length() * (1 + (name.isEmpty() ? 0 : 1) + (what.isEmpty() ? 0 : 1));
        int room = MAX_CHOICE_NAME - head.length() - tail.length() - separators;
        if (name.length() + what.length() > room) {
            // The fields get what the name leaves, but at least half the room; then the name the rest.
            int forWhat = what.isEmpty() ? 0 : Math.max(room - name.length(), room / 2);
            what = what.isEmpty() ? what : cut(what, Math.max(1, forWhat));
            name = name.isEmpty() ? name : cut(name, Math.max(1, room - what.length()));
        }
        StringBuilder label = new StringBuilder(head);
        if (!name.isEmpty()) {
            label.append(DOT).append(name);
        }
        if (!what.isEmpty()) {
            label.append(DOT).append(what);
        }
        return label.append(DOT).append(tail).toString();
    }

    /**
     * One field change as {@code Label: old → new}, each value shortened to {@code maxValue} chars
     * and an absent or empty value shown as {@code (empty)}.
     */
    public static String change(FieldDelta delta, int maxValue) {
        return delta.label() + ": " + value(delta.beforeText(), maxValue) + " → " + value(delta.afterText(), maxValue);
    }

    private static String value(String text, int max) {
        return text.isEmpty() ? "(empty)" : cut(text, max);
    }
}
