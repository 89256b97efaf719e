package livemapbot.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change to record (see {@link Revisions#append}).
 *
 * @param time       when the change ended (or was noticed, for an outside change)
 * @param community  the Sonoran community whose list changed
 * @param memberId   the Discord member who confirmed it; null for an outside change
 * @param memberName their display name at that moment; null for an outside change
 * @param source     bot, rollback or outside
 * @param serverIds  the server(s) changed; empty = the whole list (a deploy)
 * @param beforeJson the server entry (or entries) before, as the CAD sent them: raw JSON text, kept
 *                   byte for byte (unknown fields included); null = not there (an added server)
 * @param afterJson  likewise after; null = gone (a removed server) or not written
 * @param deploy     whether the Live Map was (to be) deployed
 * @param outcome    how it ended
 * @param note       free text (e.g. why it failed); may be null
 * @param reverts    the revision a rollback undid; null otherwise
 * @param beforeIndex the (single) server's 0-based position in the list before the change, so a
 *                   rollback can put a removed server back where it was; null when unknown or for
 *                   a whole-list deploy
 */
public record NewRevision(
        Instant time,
        String community,
        Long memberId,
        String memberName,
        RevisionSource source,
        List<Integer> serverIds,
        String beforeJson,
        String afterJson,
        boolean deploy,
        RevisionOutcome outcome,
        String note,
        Long reverts,
        Integer beforeIndex) {

    /** A revision without a known position ({@code beforeIndex} null). */
    public NewRevision(Instant time, String community, Long memberId, String memberName, RevisionSource source,
            List<Integer> serverIds, String beforeJson, String afterJson, boolean deploy, RevisionOutcome outcome,
            String note, Long reverts) {
        this(time, community, memberId, memberName, source, serverIds, beforeJson, afterJson, deploy, outcome, note,
                reverts, null);
    }

    public NewRevision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        serverIds = List.copyOf(serverIds);
    }
}
