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
 * @param before             for the record of it: the server as the write met it (null when unknown)
 * @param after              the server as written (null when unknown)
 * @param beforeIndex        its 0-based position in the list before the write (-1 when unknown)
 * @param list               the whole list the CAD holds after the write (null when unknown)
 */
public record UpdateResult(List<FieldChange> changes, boolean deployed, List<FieldChange> keptMeanwhile,
                           boolean meanwhileByTheBot, ServerEntry before, ServerEntry after, int beforeIndex,
                           ServerList list) {
    public UpdateResult {
        changes = List.copyOf(changes);
        keptMeanwhile = List.copyOf(keptMeanwhile);
    }

    /** Without what the record needs (tests that do not look at it). */
    public UpdateResult(List<FieldChange> changes, boolean deployed, List<FieldChange> keptMeanwhile,
                        boolean meanwhileByTheBot) {
        this(changes, deployed, keptMeanwhile, meanwhileByTheBot, null, null, -1, null);
    }
}
