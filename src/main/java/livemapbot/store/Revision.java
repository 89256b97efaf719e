package livemapbot.store;

import java.time.Instant;
import java.util.List;

/**
 * A recorded change: a {@link NewRevision} with its number. {@code imported} marks one read from
 * the audit file on upgrade, whose before/after hold only the changed fields (the audit line has
 * no more). {@code beforeIndex} is the server's position in the list before the change (see
 * {@link NewRevision}), null when unknown.
 */
public record Revision(
        long id,
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
        boolean imported,
        Integer beforeIndex) {

    /** A revision without a known position ({@code beforeIndex} null). */
    public Revision(long id, Instant time, String community, Long memberId, String memberName, RevisionSource source,
            List<Integer> serverIds, String beforeJson, String afterJson, boolean deploy, RevisionOutcome outcome,
            String note, Long reverts, boolean imported) {
        this(id, time, community, memberId, memberName, source, serverIds, beforeJson, afterJson, deploy, outcome,
                note, reverts, imported, null);
    }

    public Revision {
        serverIds = List.copyOf(serverIds);
    }
}
