package livemapbot.discord.setmap;

import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one {@code /setmap} would do to one server: the fields that actually change (old → new) and
 * whether the Live Map is deployed with the write.
 *
 * @param before          the server as read for the preview
 * @param changes         the requested values
 * @param diff            the fields whose value would really change, in {@link ServerField} order
 * @param deploy          whether the write also deploys the Live Map
 * @param deployRequested whether {@code deploy} came from the option rather than from the changed fields
 */
public record SetMapPlan(ServerEntry before, MapChanges changes, List<FieldChange> diff, boolean deploy,
                         boolean deployRequested) {

    public SetMapPlan {
        diff = List.copyOf(diff);
    }

    public static SetMapPlan of(ServerEntry before, MapChanges changes, Boolean deployOption) {
        List<FieldChange> diff = changes.diff(before);
        return new SetMapPlan(before, changes, diff, decideDeploy(deployOption, fieldsOf(diff)), deployOption != null);
    }

    /**
     * The {@code deploy} option when given; otherwise deploy exactly when a field that only
     * reaches the Live Map with a deploy (map enabled, type, URL) really changes.
     */
    public static boolean decideDeploy(Boolean deployOption, Set<ServerField> changed) {
        if (deployOption != null) {
            return deployOption;
        }
        return changed.stream().anyMatch(ServerField::needsDeploy);
    }

    /** Nothing would change: the server already has every requested value. */
    public boolean isNoOp() {
        return diff.isEmpty();
    }

    public Set<ServerField> changedFields() {
        return fieldsOf(diff);
    }

    /** Whether a changed field is one the FiveM resource rewrites at every game-server start. */
    public boolean touchesGameServerFields() {
        return changedFields().stream().anyMatch(ServerField::overwrittenByGameServer);
    }

    static Set<ServerField> fieldsOf(List<FieldChange> diff) {
        Set<ServerField> fields = EnumSet.noneOf(ServerField.class);
        for (FieldChange change : diff) {
            for (ServerField field : ServerField.values()) {
                if (field.jsonName().equals(change.field())) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
