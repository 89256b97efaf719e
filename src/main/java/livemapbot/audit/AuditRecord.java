package livemapbot.audit;

import livemapbot.cad.FieldChange;

import java.time.Instant;
import java.util.List;

/**
 * One write attempt, successful or not.
 *
 * @param time       when the attempt ended (UTC)
 * @param memberId   Discord user id of the member who confirmed it
 * @param memberName their name at that moment
 * @param action     {@code setmap} or {@code deploymap}
 * @param serverId   the server changed, or null for a deploy of the whole list
 * @param changes    each changed field with old and new value (empty for a deploy)
 * @param deploy     whether the Live Map was (to be) deployed
 * @param outcome    {@code success}, {@code conflict}, the lower-case {@code CadException.Kind}
 *                   (e.g. {@code unavailable}), {@code outcome_unknown} when a write was sent but not
 *                   answered (it may have been applied), or {@link #INTERNAL_ERROR} for a bug in the bot
 */
public record AuditRecord(
        Instant time,
        long memberId,
        String memberName,
        String action,
        Integer serverId,
        List<FieldChange> changes,
        boolean deploy,
        String outcome) {

    /** The outcome recorded when the bot itself failed (a bug), not Sonoran. */
    public static final String INTERNAL_ERROR = "internal_error";

    public AuditRecord {
        changes = List.copyOf(changes);
    }
}
