package livemapbot.cad;

/**
 * One field that differs between two versions of a server entry, as display text.
 * {@code field} is the JSON key (also for fields the bot does not know), {@code label} a human name.
 */
public record FieldChange(String field, String label, String before, String after) {
}
