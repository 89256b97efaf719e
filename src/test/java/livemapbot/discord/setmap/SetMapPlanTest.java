package livemapbot.discord.setmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.discord.Access;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetMapPlanTest {

    static ServerEntry main() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", 1);
        node.put("name", "Main");
        node.put("description", "Old description");
        node.put("mapUrl", "https://old.example.com");
        node.put("mapIp", "203.0.113.5");
        node.put("differingOutbound", false);
        node.put("outboundIp", "");
        node.put("listenerPort", "3232");
        node.put("enableMap", false);
        node.put("mapType", "NORMAL");
        node.put("extra", "kept");
        return ServerEntry.fromJson(node);
    }

    static final Access.Decision MAY_DEPLOY = new Access.Decision(true, "");
    static final Access.Decision NO_DEPLOY_ROLE = new Access.Decision(false, "You need one of these roles to use /deploymap: <@&7>.");

    /** The plan for a member who may deploy, with no deploy running and no cooldown. */
    static SetMapPlan plan(ServerEntry before, MapChanges changes, Boolean deployOption) {
        return SetMapPlan.of(before, changes, deployOption, MAY_DEPLOY, Optional.empty());
    }

    // ---- deploying is a deploy-role action, through the deploy gate --------------------------

    @Test
    void aChangeThatWouldDeployIsWrittenWithoutADeployForAMemberWithoutADeployRole() {
        MapChanges mapOn = MapChanges.none().with(ServerField.ENABLE_MAP, true);
        SetMapPlan plan = SetMapPlan.of(main(), mapOn, null, NO_DEPLOY_ROLE, Optional.empty());
        assertFalse(plan.deploy().deploys());
        assertEquals(DeployDecision.Reason.NO_DEPLOY_ROLE, plan.deploy().reason());
        assertEquals(NO_DEPLOY_ROLE.refusal(), plan.deploy().detail());
        // Asking for it with the option changes nothing: the option is not a way around the role.
        assertEquals(DeployDecision.Reason.NO_DEPLOY_ROLE,
                SetMapPlan.of(main(), MapChanges.none().with(ServerField.NAME, "N"), true, NO_DEPLOY_ROLE,
                        Optional.empty()).deploy().reason());
    }

    @Test
    void aChangeThatNeedsNoDeployIsNotAboutRoles() {
        MapChanges rename = MapChanges.none().with(ServerField.NAME, "N");
        assertEquals(DeployDecision.NOT_NEEDED,
                SetMapPlan.of(main(), rename, null, NO_DEPLOY_ROLE, Optional.of("cooling down")).deploy());
        assertEquals(DeployDecision.DECLINED, SetMapPlan.of(main(), MapChanges.none().with(ServerField.ENABLE_MAP, true),
                false, NO_DEPLOY_ROLE, Optional.empty()).deploy());
    }

    @Test
    void aDeployerDeploysUnlessTheGateSaysNotNow() {
        MapChanges mapOn = MapChanges.none().with(ServerField.ENABLE_MAP, true);
        assertTrue(SetMapPlan.of(main(), mapOn, null, MAY_DEPLOY, Optional.empty()).deploy().deploys());
        DeployDecision notNow = SetMapPlan.of(main(), mapOn, null, MAY_DEPLOY,
                Optional.of("The Live Map was deployed by Ann <t:1:R>; the next deploy is allowed <t:61:R>.")).deploy();
        assertFalse(notNow.deploys());
        assertEquals(DeployDecision.Reason.NOT_NOW, notNow.reason());
        assertTrue(notNow.detail().contains("next deploy is allowed <t:61:R>"), notNow.detail());
        assertTrue(notNow.mayTry(), "tried again on Confirm: the cooldown may be over by then");
    }

    @Test
    void confirmByAMemberWhoLostTheDeployRoleDoesNotDeploy() {
        assertEquals(DeployDecision.Reason.NO_DEPLOY_ROLE, DeployDecision.DEPLOYS.recheck(NO_DEPLOY_ROLE).reason());
        assertEquals(DeployDecision.Reason.NO_DEPLOY_ROLE,
                DeployDecision.notNow("cooling down").recheck(NO_DEPLOY_ROLE).reason());
        assertEquals(DeployDecision.DEPLOYS, DeployDecision.DEPLOYS.recheck(MAY_DEPLOY));
        // Never more than the preview said: a role gained meanwhile does not turn a no into a deploy.
        DeployDecision noRole = new DeployDecision(DeployDecision.Reason.NO_DEPLOY_ROLE, "x");
        assertEquals(noRole, noRole.recheck(MAY_DEPLOY));
        assertEquals(DeployDecision.NOT_NEEDED, DeployDecision.NOT_NEEDED.recheck(MAY_DEPLOY));
    }

    @Test
    void deployOptionWinsWhenGiven() {
        assertTrue(SetMapPlan.decideDeploy(true, Set.of()));
        assertFalse(SetMapPlan.decideDeploy(false, EnumSet.of(ServerField.ENABLE_MAP)));
    }

    @Test
    void withoutTheOptionOnlyMapFieldsDeploy() {
        for (ServerField field : ServerField.values()) {
            assertEquals(field == ServerField.ENABLE_MAP || field == ServerField.MAP_TYPE
                            || field == ServerField.MAP_URL,
                    SetMapPlan.decideDeploy(null, EnumSet.of(field)), field.name());
        }
        assertFalse(SetMapPlan.decideDeploy(null, Set.of()));
    }

    @Test
    void deployFollowsWhatActuallyChangesNotWhatWasAsked() {
        // enableMap and mapType asked for with the values they already have: no deploy.
        MapChanges same = MapChanges.none().with(ServerField.ENABLE_MAP, false)
                .with(ServerField.MAP_TYPE, "NORMAL").with(ServerField.NAME, "Renamed");
        SetMapPlan plan = plan(main(), same, null);
        assertEquals(DeployDecision.NOT_NEEDED, plan.deploy());
        assertEquals(List.of(new FieldChange("name", "Name", "Main", "Renamed")), plan.diff());

        SetMapPlan mapOn = plan(main(), MapChanges.none().with(ServerField.ENABLE_MAP, true), null);
        assertEquals(DeployDecision.DEPLOYS, mapOn.deploy());
        assertFalse(mapOn.deployRequested());
    }

    @Test
    void noOpWhenEveryValueIsAlreadySet() {
        MapChanges same = MapChanges.none().with(ServerField.LISTENER_PORT, 3232).with(ServerField.NAME, "Main");
        SetMapPlan plan = plan(main(), same, true);
        assertTrue(plan.isNoOp());
    }

    @Test
    void gameServerFieldsAreFlaggedOnlyWhenTheyChange() {
        assertFalse(plan(main(), MapChanges.none().with(ServerField.MAP_IP, "203.0.113.5"), null)
                .touchesGameServerFields());
        assertTrue(plan(main(), MapChanges.none().with(ServerField.MAP_IP, "203.0.113.6"), null)
                .touchesGameServerFields());
        assertTrue(plan(main(), MapChanges.none().with(ServerField.LISTENER_PORT, 4000), null)
                .touchesGameServerFields());
        assertTrue(plan(main(), MapChanges.none().with(ServerField.DIFFERING_OUTBOUND, true), null)
                .touchesGameServerFields());
        assertTrue(plan(main(), MapChanges.none().with(ServerField.OUTBOUND_IP, "1.1.1.1"), null)
                .touchesGameServerFields());
        assertFalse(plan(main(), MapChanges.none().with(ServerField.MAP_URL, "https://n.example.com")
                .with(ServerField.NAME, "N").with(ServerField.ENABLE_MAP, true), null).touchesGameServerFields());
    }
}
