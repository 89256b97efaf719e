package livemapbot.discord;

import livemapbot.config.Settings;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may do what, decided by Discord role ids only: no implicit pass for Administrators or the
 * guild owner, because staff roles are the community's own access model and a Discord
 * permission is not. Plain Java so the rules are tested without JDA.
 */
public final class Access {

    /** The three things a member can ask the bot for. */
    public enum Action {
        VIEW("/servers", "access.viewRoleIds", "ACCESS_VIEW_ROLE_IDS"),
        EDIT("/setmap", "access.editRoleIds", "ACCESS_EDIT_ROLE_IDS"),
        DEPLOY("/deploymap", "access.deployRoleIds", "ACCESS_DEPLOY_ROLE_IDS");

        private final String command;
        private final String key;
        private final String envName;

        Action(String command, String key, String envName) {
            this.command = command;
            this.key = key;
            this.envName = envName;
        }
    }

    /** Whether the member may, and if not, the sentence to show them. */
    public record Decision(boolean allowed, String refusal) {
        static final Decision ALLOW = new Decision(true, "");
    }

    private final Set<Long> viewRoles;
    private final Set<Long> editRoles;
    private final Set<Long> deployRoles;

    public Access(Set<Long> viewRoles, Set<Long> editRoles, Set<Long> deployRoles) {
        this.viewRoles = Set.copyOf(viewRoles);
        this.editRoles = Set.copyOf(editRoles);
        this.deployRoles = Set.copyOf(deployRoles);
    }

    public static Access from(Settings settings) {
        return new Access(settings.viewRoleIds(), settings.editRoleIds(), settings.deployRoleIds());
    }

    /** Decides {@code action} for a member holding {@code memberRoleIds}. */
    public Decision check(Action action, Collection<Long> memberRoleIds) {
        Set<Long> allowing = allowingRoles(action);
        if (action == Action.VIEW && viewRoles.isEmpty()) {
            return Decision.ALLOW;
        }
        if (allowing.isEmpty()) {
            return new Decision(false, "Nobody may use " + action.command + " yet: the server owner has to put "
                    + "the staff role ids in `" + action.key + "` (" + action.envName + ").");
        }
        for (Long role : memberRoleIds) {
            if (allowing.contains(role)) {
                return Decision.ALLOW;
            }
        }
        return new Decision(false, "You need one of these roles to use " + action.command + ": "
                + allowing.stream().map(id -> "<@&" + id + ">").collect(Collectors.joining(", ")) + ".");
    }

    /** The roles that allow {@code action}; viewing is also allowed to editors and deployers. */
    private Set<Long> allowingRoles(Action action) {
        return switch (action) {
            case VIEW -> {
                Set<Long> all = new LinkedHashSet<>(viewRoles);
                all.addAll(editRoles);
                all.addAll(deployRoles);
                yield all;
            }
            case EDIT -> editRoles;
            case DEPLOY -> deployRoles;
        };
    }
}
