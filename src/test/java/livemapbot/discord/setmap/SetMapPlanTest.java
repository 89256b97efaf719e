package livemapbot.discord.setmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
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
        SetMapPlan plan = SetMapPlan.of(main(), same, null);
        assertFalse(plan.deploy());
        assertEquals(List.of(new FieldChange("name", "Name", "Main", "Renamed")), plan.diff());

        SetMapPlan mapOn = SetMapPlan.of(main(), MapChanges.none().with(ServerField.ENABLE_MAP, true), null);
        assertTrue(mapOn.deploy());
        assertFalse(mapOn.deployRequested());
    }

    @Test
    void noOpWhenEveryValueIsAlreadySet() {
        MapChanges same = MapChanges.none().with(ServerField.LISTENER_PORT, 3232).with(ServerField.NAME, "Main");
        SetMapPlan plan = SetMapPlan.of(main(), same, true);
        assertTrue(plan.isNoOp());
    }

    @Test
    void gameServerFieldsAreFlaggedOnlyWhenTheyChange() {
        assertFalse(SetMapPlan.of(main(), MapChanges.none().with(ServerField.MAP_IP, "203.0.113.5"), null)
                .touchesGameServerFields());
        assertTrue(SetMapPlan.of(main(), MapChanges.none().with(ServerField.MAP_IP, "203.0.113.6"), null)
                .touchesGameServerFields());
        assertTrue(SetMapPlan.of(main(), MapChanges.none().with(ServerField.LISTENER_PORT, 4000), null)
                .touchesGameServerFields());
        assertTrue(SetMapPlan.of(main(), MapChanges.none().with(ServerField.DIFFERING_OUTBOUND, true), null)
                .touchesGameServerFields());
        assertTrue(SetMapPlan.of(main(), MapChanges.none().with(ServerField.OUTBOUND_IP, "1.1.1.1"), null)
                .touchesGameServerFields());
        assertFalse(SetMapPlan.of(main(), MapChanges.none().with(ServerField.MAP_URL, "https://n.example.com")
                .with(ServerField.NAME, "N").with(ServerField.ENABLE_MAP, true), null).touchesGameServerFields());
    }
}
