package livemapbot.cad;

/**
 * A write left the bot, but no proper answer came back (a timeout after sending, a dropped
 * connection, a 5xx from a gateway in front of Sonoran): the list may or may not have been
 * replaced. Callers must not report "nothing changed"; staff are told to look before retrying.
 */
public final class WriteOutcomeUnknownException extends CadException {
    /** The audit outcome of such an attempt. */
    public static final String AUDIT_OUTCOME = "outcome_unknown";
    /** What staff are told, whatever made the outcome unknown: that it may have happened, and what to check. */
    static final String USER_MESSAGE = "Sonoran CAD did not answer properly, so the change may or may not have been "
            + "applied. Check with /servers before trying again.";

    public WriteOutcomeUnknownException(String userMessage, String detail, Throwable cause) {
        super(Kind.UNAVAILABLE, userMessage, detail, null, cause);
    }

    /** With the standard message for staff ({@link #USER_MESSAGE}). */
    static WriteOutcomeUnknownException of(String detail, Throwable cause) {
        return new WriteOutcomeUnknownException(USER_MESSAGE, detail, cause);
    }
}
