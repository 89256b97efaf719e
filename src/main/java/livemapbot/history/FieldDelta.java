package livemapbot.history;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.ServerField;

import java.util.Optional;

/**
 * One field of one server that differs between two lists, as JSON values.
 *
 * <p>{@code before} / {@code after} are null when the key is absent on that side (JSON {@code null}
 * is a {@code NullNode}, not null). Values are compared as JSON, so a type-only change
 * ({@code "true"} → {@code true}, {@code "1"} → {@code 1}) <em>is</em> a change: Sonoran stores and
 * serves what was written, and a rollback must put back the exact value. {@link #beforeText()} /
 * {@link #afterText()} show such a change as JSON literals so the two sides do not read the same.
 * ({@code listenerPort} and {@code mapPort} are held as strings by {@code ServerEntry}, so for
 * them a number and the same digits as a string are one value.)
 *
 * @param key   the JSON key
 * @param label the {@link ServerField} label for the fields staff can edit, else the JSON key
 */
public record FieldDelta(String key, String label, JsonNode before, JsonNode after) {
    /** How an absent key is shown when the other side's plain text is also empty. */
    public static final String ABSENT = "(absent)";

    public FieldDelta {
        before = before == null ? null : before.deepCopy();
        after = after == null ? null : after.deepCopy();
    }

    /** A delta for {@code key}, labelled the way every history text labels it. */
    public static FieldDelta of(String key, JsonNode before, JsonNode after) {
        return new FieldDelta(key, labelOf(key), before, after);
    }

    /** The editable field this key is, if it is one. */
    public Optional<ServerField> field() {
        for (ServerField f : ServerField.values()) {
            if (f.jsonName().equals(key)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Whether only the JSON type changed ({@code "30120"} → {@code 30120}): the plain text is the same. */
    public boolean typeOnly() {
        return before != null && after != null && plain(before).equals(plain(after));
    }

    /**
     * The old value for people: plain text, "" when absent or null. When both sides read the same as
     * plain text (a type-only change, or absent vs {@code ""} vs {@code null}) each side is shown as
     * its JSON literal, an absent key as {@link #ABSENT}.
     */
    public String beforeText() {
        return text(before);
    }

    /** The new value for people; see {@link #beforeText()}. */
    public String afterText() {
        return text(after);
    }

    private String text(JsonNode value) {
        if (plain(before).equals(plain(after))) {
            // Same plain text on both sides ("1" → 1, absent → "", null → ""): show what differs.
            return value == null ? ABSENT : value.toString();
        }
        return plain(value);
    }

    private static String plain(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static String labelOf(String key) {
        for (ServerField f : ServerField.values()) {
            if (f.jsonName().equals(key)) {
                return f.label();
            }
        }
        return key;
    }
}
