package livemapbot.config;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Process-wide list of secret values and the function that blanks them out of any text.
 * Used by the log encoder and by error paths that quote remote responses, so a token or key that
 * reaches such text by accident is still never printed.
 */
public final class SecretMasker {
    /** Values shorter than this are not masked: masking "1" everywhere would garble every log line. */
    private static final int MIN_LENGTH = 6;
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private SecretMasker() {
    }

    static void register(String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            SECRETS.add(value);
        }
    }

    /** {@code text} with every registered secret replaced by {@code ****}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : SECRETS) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, "****");
            }
        }
        return masked;
    }
}
