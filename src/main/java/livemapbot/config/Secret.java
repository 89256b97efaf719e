package livemapbot.config;

import java.util.Objects;

/**
 * A credential (bot token, API key). {@link #toString()} never shows the value, so a secret that
 * slips into a log line, an exception message or a record's toString prints as {@code ****}.
 * Every secret created here is also registered with {@link SecretMasker}, the last line of
 * defence for text that was built from the raw value anyway.
 */
public final class Secret {
    private final String value;

    private Secret(String value, boolean mask) {
        this.value = Objects.requireNonNull(value, "value");
        if (mask) {
            SecretMasker.register(value);
        }
    }

    public static Secret of(String value) {
        return new Secret(value, true);
    }

    /**
     * A credential someone typed that is not known to be real yet (a guild's set-up form): not
     * added to {@link SecretMasker}, which is process-wide, so a guess such as "Sonoran" never masks
     * that word in every other guild's messages and logs. Its {@code toString} still hides it. Once
     * Sonoran accepts it, keep it as {@link #of}.
     */
    public static Secret candidate(String value) {
        return new Secret(value, false);
    }

    /** The raw value. Call only where the secret leaves the process (HTTP header, JDA login). */
    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
