package livemapbot.store;

import java.util.Locale;

/** Who made a change: the bot on a member's confirm, a rollback, or someone outside the bot. */
public enum RevisionSource {
    BOT, ROLLBACK, OUTSIDE;

    /** The value stored in the database. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RevisionSource fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
