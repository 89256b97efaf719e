package livemapbot.history;

import livemapbot.cad.ServerList;
import livemapbot.history.DriftClassifier.Classification;

import java.time.Instant;
import java.util.List;

/**
 * One change to the CAD that the bot did not make, as the drift watch noticed it.
 *
 * @param community      the Sonoran community
 * @param before         the last list the bot knew
 * @param after          the list that shows the change
 * @param diff           per-server deltas from {@code before} to {@code after}
 * @param classification the likely cause
 * @param windowStart    the change happened after this (the last check, or when the known list was
 *                       stored, after a restart)
 * @param noticedAt      … and before this: when {@code after} was read
 */
public record DriftDetection(String community, ServerList before, ServerList after, ListDiff diff,
                             Classification classification, Instant windowStart, Instant noticedAt) {

    /** One delta per server changed, removed or added (see {@link ListDiff#deltas()}). */
    public List<ServerDelta> servers() {
        return diff.deltas();
    }
}
