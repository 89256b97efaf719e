package livemapbot.audit;

import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;

import java.io.IOException;

/**
 * Where write attempts are recorded: the one thing a command calls about a change it makes.
 *
 * <p>A command calls {@link #begin} before it writes to the CAD and {@link Attempt#end} once the
 * write ended. With the store (the bot's database) {@code begin} records the change as a revision
 * whose outcome is still {@code outcome_unknown}, so no write reaches Sonoran without its revision
 * recorded first; when the database cannot take it, {@code begin} throws and nothing may be
 * written. {@code end} writes the audit file's line and, in the same step, settles the revision
 * (the outcome, the entries before and after, the server's position). Without a store (tests),
 * {@code begin} always admits and {@code end} is {@link #record}.
 */
public interface AuditTrail {

    /**
     * Records one attempt in the audit file. Returns once the record is durable (appended and
     * flushed); posting it to Discord may happen later and never fails this call.
     *
     * @throws IOException when the record could not be written to the file
     */
    void record(AuditRecord record) throws IOException;

    /**
     * Before a write: records that {@code change} is about to be written.
     *
     * @throws RecordUnavailableException when it cannot be recorded (the bot's database is
     *                                    unavailable): the caller must not write
     */
    default Attempt begin(PlannedChange change) throws RecordUnavailableException {
        return (record, written) -> record(record);
    }

    /** A change recorded by {@link #begin}, waiting to be told how its write ended. */
    @FunctionalInterface
    interface Attempt {
        /**
         * Records how the write ended: the audit line, and the revision settled with {@code written}.
         *
         * @param written what the write met and left in the CAD; null when nothing was written or that is unknown
         * @throws IOException when the audit file's line could not be written (the revision may still be)
         */
        void end(AuditRecord record, Written written) throws IOException;
    }

    /**
     * A change about to be written.
     *
     * @param memberId   who confirmed it
     * @param memberName their display name at that moment
     * @param serverId   the server changed; null for a deploy of the whole list
     * @param before     the server as the member saw it (null for a deploy)
     * @param after      the server as the change will leave it (null for a deploy)
     * @param deploy     whether the Live Map is to be deployed
     */
    record PlannedChange(long memberId, String memberName, Integer serverId, ServerEntry before, ServerEntry after,
            boolean deploy) {
    }

    /**
     * What a write met and left behind.
     *
     * @param before      the server just before the write (from the fresh read); null for a deploy
     * @param after       the server as written; null for a deploy
     * @param beforeIndex its 0-based position in the list before the write; null for a deploy
     * @param list        the whole list the CAD holds after the write
     */
    record Written(ServerEntry before, ServerEntry after, Integer beforeIndex, ServerList list) {
    }
}
