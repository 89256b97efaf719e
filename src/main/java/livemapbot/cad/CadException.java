package livemapbot.cad;

import livemapbot.config.SecretMasker;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed CAD operation. {@link #userMessage()} is short and safe to show staff in Discord;
 * {@link #getMessage()} is the detail for the log. Neither ever contains the API key: both pass
 * through {@link SecretMasker}.
 */
public class CadException extends Exception {

    /** What went wrong, coarse enough for a user-facing message and the audit record. */
    public enum Kind {
        /** {@code INVALID COMMUNITY ID} / {@code INVALID API KEY} / v2 401. Fatal until the config is fixed. */
        INVALID_CREDENTIALS,
        /** {@code … IS NOT ENABLED FOR THIS COMMUNITY}: API off or plan too low. */
        NOT_ENABLED,
        /** {@code INVALID REQUEST TYPE}: the bot sent a type the API does not know. */
        INVALID_REQUEST_TYPE,
        /** 429 after the allowed retries, or the client-side pace would be exceeded. */
        RATE_LIMITED,
        /** 5xx, connection failure, timeout. */
        UNAVAILABLE,
        /** Malformed JSON, {@code Backend Service Reached}, a v2 problem we do not expect. */
        UNEXPECTED_RESPONSE,
        /** The server changed between the user's preview and the write (see {@link ConflictException}). */
        CONFLICT,
        /** No server with the requested id. */
        UNKNOWN_SERVER
    }

    private final Kind kind;
    private final String userMessage;
    private final Duration retryAfter;

    public CadException(Kind kind, String userMessage, String detail) {
        this(kind, userMessage, detail, null, null);
    }

    public CadException(Kind kind, String userMessage, String detail, Duration retryAfter, Throwable cause) {
        super(SecretMasker.mask(detail), cause);
        this.kind = kind;
        this.userMessage = SecretMasker.mask(userMessage);
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** One or two short sentences for staff: what is wrong and what to do. */
    public String userMessage() {
        return userMessage;
    }

    /** For {@link Kind#RATE_LIMITED}: how long to wait, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
