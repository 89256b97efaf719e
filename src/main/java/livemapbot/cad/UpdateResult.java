package livemapbot.cad;

import java.util.List;

/**
 * A successful write of one server.
 *
 * @param changes            what the write changed in the CAD
 * @param deployed           whether the Live Map was deployed with it
 * @param keptMeanwhile      what someone else changed, after the member's preview, in fields the
 *                           member did not change: kept as it was (see {@link ServerMerge})
 * @param meanwhileByTheBot  whether those changes were the bot's own last write of this server
 *                           (another edit from Discord) rather than made outside the bot
 */
public record UpdateResult(List<FieldChange> changes, boolean deployed, List<FieldChange> keptMeanwhile,
                           boolean meanwhileByTheBot) {
    public UpdateResult {
        changes = List.copyOf(changes);
        keptMeanwhile = List.copyOf(keptMeanwhile);
    }
}
