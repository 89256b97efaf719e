package livemapbot.discord.setmap;

import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;

import java.time.Instant;
import java.util.List;

/**
 * A change shown to staff and waiting for Confirm. {@code seenBefore} is the server exactly as the
 * preview showed it: the write is refused if the CAD no longer matches it. {@code deploy} is what
 * the preview said about the Live Map; Confirm decides again and never deploys more than that.
 */
public record Preview(
        long invokerId,
        String invokerName,
        int serverId,
        ServerEntry seenBefore,
        MapChanges changes,
        DeployDecision deploy,
        Instant expiresAt) implements PreviewStore.Pending {

    /** The fields the write changes, old → new, as the preview showed them. */
    public List<FieldChange> diff() {
        return changes.diff(seenBefore);
    }
}
