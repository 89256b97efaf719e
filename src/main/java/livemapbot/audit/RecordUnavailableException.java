package livemapbot.audit;

/**
 * A change cannot be recorded before its write, so it must not be written: the bot's database is
 * unavailable. The message is for the log (masked by the store); members are told
 * {@code Replies.DATABASE_UNAVAILABLE}.
 */
public final class RecordUnavailableException extends Exception {

    public RecordUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
