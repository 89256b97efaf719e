package livemapbot.discord;

import livemapbot.discord.Access.Action;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessTest {
    private static final long VIEW = 11, EDIT = 22, DEPLOY = 33, OTHER = 44;

    @Test
    void emptyViewRolesLetEveryMemberView() {
        Access access = new Access(Set.of(), Set.of(EDIT), Set.of(DEPLOY));
        assertTrue(access.check(Action.VIEW, List.of()).allowed());
    }

    @Test
    void viewIsAllowedToViewEditAndDeployRolesOnly() {
        Access access = new Access(Set.of(VIEW), Set.of(EDIT), Set.of(DEPLOY));
        assertTrue(access.check(Action.VIEW, List.of(VIEW)).allowed());
        assertTrue(access.check(Action.VIEW, List.of(EDIT)).allowed());
        assertTrue(access.check(Action.VIEW, List.of(DEPLOY)).allowed());
        Access.Decision refused = access.check(Action.VIEW, List.of(OTHER));
        assertFalse(refused.allowed());
        assertTrue(refused.refusal().contains("<@&11>"), refused.refusal());
    }

    @Test
    void editAndDeployNeedTheirOwnRoles() {
        Access access = new Access(Set.of(VIEW), Set.of(EDIT), Set.of(DEPLOY));
        assertTrue(access.check(Action.EDIT, List.of(OTHER, EDIT)).allowed());
        assertFalse(access.check(Action.EDIT, List.of(VIEW, DEPLOY)).allowed());
        assertTrue(access.check(Action.DEPLOY, List.of(DEPLOY)).allowed());
        Access.Decision refused = access.check(Action.DEPLOY, List.of(EDIT));
        assertFalse(refused.allowed());
        assertTrue(refused.refusal().contains("<@&33>"), refused.refusal());
    }

    @Test
    void emptyEditOrDeployListMeansNobodyAndNamesTheSetting() {
        Access access = new Access(Set.of(), Set.of(), Set.of());
        Access.Decision edit = access.check(Action.EDIT, List.of(EDIT));
        assertFalse(edit.allowed());
        assertTrue(edit.refusal().contains("access.editRoleIds") && edit.refusal().contains("ACCESS_EDIT_ROLE_IDS"));
        Access.Decision deploy = access.check(Action.DEPLOY, List.of(DEPLOY));
        assertFalse(deploy.allowed());
        assertTrue(deploy.refusal().contains("access.deployRoleIds"));
    }
}
