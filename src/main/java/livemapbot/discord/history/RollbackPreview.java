package livemapbot.discord.history;

import livemapbot.discord.setmap.DeployDecision;
import livemapbot.discord.setmap.PreviewStore;
import livemapbot.history.RollbackBuilder;

import java.time.Instant;
import java.util.Map;

/**
 * A rollback shown to a member and waiting for Confirm. {@code plan.basedOn()} is the list exactly
 * as the preview showed it: the write is refused if the CAD no longer holds it.
 *
 * @param what      what is rolled back, for the texts ("revision #41", "the outside change of …")
 * @param reverts   per server id, the revision that server's part of the rollback undoes
 */
public record RollbackPreview(long invokerId, String invokerName, String what, Map<Integer, Long> reverts,
                              RollbackBuilder.Plan plan, DeployDecision deploy, Instant expiresAt)
        implements PreviewStore.Pending {
    public RollbackPreview {
        reverts = Map.copyOf(reverts);
    }
}
