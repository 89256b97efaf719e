package livemapbot.cad;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merge rule of a confirmed change (README "/setmap", issue 12): the member saw {@code seen},
 * asked for {@code changes}, and the CAD now holds {@code current}.
 *
 * <ul>
 *   <li>A field the member changes is one whose requested value differs from the value they saw;
 *       a requested value equal to what they saw changes nothing (and takes nothing away from
 *       anyone else).</li>
 *   <li>It is a conflict only when such a field was changed meanwhile to something other than the
 *       member's new value (a field changed meanwhile to exactly that value is not a conflict).</li>
 *   <li>Otherwise the member's changes are applied on top of {@code current}: every other field,
 *       unknown ones included, comes from the fresh read, and what changed there meanwhile is kept
 *       and reported.</li>
 * </ul>
 * Values are compared as the bot shows them ({@link ServerEntry#display}), so a port served as the
 * number {@code 30120} equals the string {@code "30120"} and a boolean equals its text. Pure: no
 * I/O, no JDA.
 */
public final class ServerMerge {

    /**
     * A field both the member and someone else changed, to different values.
     *
     * @param seen   the value the member saw
     * @param theirs the value in the CAD now (changed meanwhile)
     * @param yours  the member's new value
     */
    public record Collision(ServerField field, String seen, String theirs, String yours) {
    }

    /**
     * @param merged        the entry to write (meaningful only without collisions)
     * @param applied       what the write changes in the CAD (current → merged)
     * @param keptMeanwhile what changed between what the member saw and now, in fields the
     *                      member does not change; kept as it is
     * @param collisions    the fields that make this a conflict; empty when the merge may be written
     */
    public record Result(ServerEntry merged, List<FieldChange> applied, List<FieldChange> keptMeanwhile,
                         List<Collision> collisions) {
        public Result {
            applied = List.copyOf(applied);
            keptMeanwhile = List.copyOf(keptMeanwhile);
            collisions = List.copyOf(collisions);
        }

        public boolean isConflict() {
            return !collisions.isEmpty();
        }
    }

    private ServerMerge() {
    }

    public static Result merge(ServerEntry seen, ServerEntry current, MapChanges changes) {
        ServerEntry merged = current;
        Set<String> mine = new TreeSet<>();
        List<Collision> collisions = new ArrayList<>();
        for (ServerField field : ServerField.values()) {
            if (!changes.has(field)) {
                continue;
            }
            String before = seen.display(field);
            String yours = seen.with(field, changes.get(field)).display(field);
            if (yours.equals(before)) {
                continue; // not a change by this member
            }
            mine.add(field.jsonName());
            String theirs = current.display(field);
            if (!theirs.equals(before) && !theirs.equals(yours)) {
                collisions.add(new Collision(field, before, theirs, yours));
            } else if (!theirs.equals(yours)) {
                merged = merged.with(field, changes.get(field));
            }
        }
        List<FieldChange> kept = seen.differencesTo(current).stream()
                .filter(change -> !mine.contains(change.field()))
                .toList();
        return new Result(merged, current.differencesTo(merged), kept, collisions);
    }
}
