package livemapbot.store;

import livemapbot.config.SecretMasker;
import livemapbot.config.StoreSettings;

/**
 * The store cannot do what was asked. The message is one or two sentences for the operator (what
 * is wrong and how to fix it), never contains a password (it passes through the URL masking and
 * {@link SecretMasker}), and the driver's own exception is kept only as a masked copy with its
 * stack trace, so logging this exception cannot leak a secret either.
 */
public final class StoreException extends Exception {

    /** What went wrong, for callers that answer differently (check, start-up, commands). */
    public enum Kind {
        /** The database cannot be reached or failed while working: "the bot's database is unavailable". */
        UNAVAILABLE,
        /** PostgreSQL refused the user or password. */
        LOGIN_REFUSED,
        /** The SQLite file's directory cannot be created or written. */
        NOT_WRITABLE,
        /** The SQLite file is not a database (damaged, or another kind of file). */
        CORRUPT,
        /** Another bot process owns the SQLite file. */
        IN_USE,
        /** The schema was made by a newer version of the bot. */
        SCHEMA_TOO_NEW,
        /** Migrating the schema failed. */
        MIGRATION_FAILED,
        /** The community's lock was not obtained in time. */
        LOCK_TIMEOUT,
        /** {@code store.encryptionKey} is not the key the stored API keys were encrypted with. */
        KEY_MISMATCH
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(mask(message), cause == null ? null : MaskedCause.of(cause));
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static String mask(String text) {
        return text == null ? null : SecretMasker.mask(StoreSettings.maskUrl(text));
    }

    /** A copy of a driver exception with its messages masked and its stack traces kept. */
    static final class MaskedCause extends Exception {
        private final String originalClass;

        private MaskedCause(Throwable original) {
            super(mask(original.getMessage()),
                    original.getCause() == null || original.getCause() == original ? null : of(original.getCause()));
            this.originalClass = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        static MaskedCause of(Throwable original) {
            return original instanceof MaskedCause masked ? masked : new MaskedCause(original);
        }

        @Override
        public String toString() {
            String message = getMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
