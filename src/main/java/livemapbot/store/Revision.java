package livemapbot.store;

import java.time.Instant;
import java.util.List;

/**
 * A recorded change: a {@link NewRevision} with its number. {@code imported} marks one read from
 * the audit file on upgrade, whose before/after hold only the changed fields (the audit line has
 * no more).
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
        boolean imported) {

    public Revision {
        serverIds = List.copyOf(serverIds);
    }
}
