package livemapbot.discord.setmap;

import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.discord.Access;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code /setmap} would do to one server: the fields that actually change (old → new) and
 * what happens to the Live Map with the write.
 *
 * @param before          the server as read for the preview
 * @param changes         the requested values
 * @param diff            the fields whose value would really change, in {@link ServerField} order
 * @param deploy          whether the write also deploys the Live Map, and if not, why
 * @param deployRequested whether the wish to deploy came from the option rather than from the changed fields
 */
public record SetMapPlan(ServerEntry before, MapChanges changes, List<FieldChange> diff, DeployDecision deploy,
                         boolean deployRequested) {

    public SetMapPlan {
        diff = List.copyOf(diff);
    }

    /**
     * The plan for a member whose deploy access is {@code deployAccess}, while the deploy gate
     * says {@code gateRefusal} (empty when a deploy would be admitted now).
     */
    public static SetMapPlan of(ServerEntry before, MapChanges changes, Boolean deployOption,
                                Access.Decision deployAccess, Optional<String> gateRefusal) {
        List<FieldChange> diff = changes.diff(before);
        boolean wanted = decideDeploy(deployOption, fieldsOf(diff));
        DeployDecision deploy = DeployDecision.of(wanted, Boolean.FALSE.equals(deployOption), deployAccess);
        if (deploy.deploys() && gateRefusal.isPresent()) {
            deploy = DeployDecision.notNow(gateRefusal.get());
        }
        return new SetMapPlan(before, changes, diff, deploy, deployOption != null);
    }

    /**
     * Whether the change wants a deploy, before asking who may: the {@code deploy} option when
     * given; otherwise exactly when a field that only reaches the Live Map with a deploy (map
     * enabled, type, URL) really changes.
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
