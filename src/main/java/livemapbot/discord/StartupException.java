package livemapbot.discord;

/** The bot cannot start; the message tells the server owner what to fix (never a secret). */
public final class StartupException extends Exception {
    public StartupException(String message) {
        super(livemapbot.config.SecretMasker.mask(message));
    }
}
