package livemapbot.cad;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's merge rule: a conflict only if a field the member changes was changed by someone else
 * meanwhile (to another value); every other change made meanwhile is kept, unknown fields included.
 */
class ServerMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerEntry seen() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", 1);
        node.put("name", "Main");
        node.put("description", "Old description");
        node.put("mapUrl", "https://map.example.invalid/1");
        node.put("mapIp", "203.0.113.5");
        node.put("differingOutbound", false);
        node.put("outboundIp", "");
        node.put("listenerPort", "30120");
        node.put("enableMap", false);
        node.put("mapType", "POSTAL");
        node.put("customField", "kept");
        return ServerEntry.fromJson(node);
    }

    private static ServerEntry changed(ServerEntry entry, Consumer<ObjectNode> edit) {
        ObjectNode json = entry.toJson();
        edit.accept(json);
        return ServerEntry.fromJson(json);
    }

    @Test
    void withNothingChangedMeanwhileTheChangesAreAppliedAndNothingIsReportedKept() {
        ServerMerge.Result r = ServerMerge.merge(seen(), seen(), MapChanges.none().with(ServerField.NAME, "Harbor"));
        assertFalse(r.isConflict());
        assertEquals("Harbor", r.merged().name());
        assertEquals(List.of(new FieldChange("name", "Name", "Main", "Harbor")), r.applied());
        assertEquals(List.of(), r.keptMeanwhile());
    }

    @Test
    void aStringChangedMeanwhileInAnotherFieldIsKeptAndReported() {
        ServerEntry current = changed(seen(), j -> j.put("description", "Changed in the CAD"));
        ServerMerge.Result r = ServerMerge.merge(seen(), current, MapChanges.none().with(ServerField.MAP_TYPE, "NORMAL"));
        assertFalse(r.isConflict());
        assertEquals("NORMAL", r.merged().mapType());
        assertEquals("Changed in the CAD", r.merged().description(), "the other change is kept");
        assertEquals(List.of(new FieldChange("description", "Description", "Old description", "Changed in the CAD")),
                r.keptMeanwhile());
        assertEquals(List.of(new FieldChange("mapType", "Map type", "POSTAL", "NORMAL")), r.applied());
    }

    @Test
    void theSameStringFieldChangedMeanwhileIsAConflictWithBothValues() {
        ServerEntry current = changed(seen(), j -> j.put("name", "Theirs"));
        ServerMerge.Result r = ServerMerge.merge(seen(), current, MapChanges.none().with(ServerField.NAME, "Mine"));
        assertTrue(r.isConflict());
        assertEquals(List.of(new ServerMerge.Collision(ServerField.NAME, "Main", "Theirs", "Mine")), r.collisions());
    }

    @Test
    void aFieldChangedMeanwhileToExactlyTheMembersValueIsNotAConflict() {
        ServerEntry current = changed(seen(), j -> j.put("mapIp", "198.51.100.7"));
        ServerMerge.Result r = ServerMerge.merge(seen(), current,
                MapChanges.none().with(ServerField.MAP_IP, "198.51.100.7"));
        assertFalse(r.isConflict());
        assertEquals(current, r.merged());
        assertEquals(List.of(), r.applied());
        assertEquals(List.of(), r.keptMeanwhile(), "the member's own field is not reported as someone else's");
    }

    @Test
    void booleansCollideOnlyWhenTheyEndDifferentFromTheMembersValue() {
        ServerEntry flipped = changed(seen(), j -> j.put("enableMap", true));
        assertFalse(ServerMerge.merge(seen(), flipped, MapChanges.none().with(ServerField.ENABLE_MAP, true)).isConflict());

        ServerEntry outbound = changed(seen(), j -> j.put("differingOutbound", true));
        ServerMerge.Result r = ServerMerge.merge(seen(), outbound,
                MapChanges.none().with(ServerField.DIFFERING_OUTBOUND, false).with(ServerField.ENABLE_MAP, true));
        assertFalse(r.isConflict(), "false is what the member saw: not a change of theirs");
        assertTrue(r.merged().differingOutbound(), "someone else's true is kept");
        assertTrue(r.merged().enableMap());

        ServerEntry asText = changed(seen(), j -> j.put("enableMap", "true"));
        assertFalse(ServerMerge.merge(seen(), asText, MapChanges.none().with(ServerField.ENABLE_MAP, true)).isConflict(),
                "\"true\" as text is the member's true");
        ServerMerge.Result clash = ServerMerge.merge(flipped, seen(), MapChanges.none().with(ServerField.ENABLE_MAP, false)
                .with(ServerField.DIFFERING_OUTBOUND, true));
        assertFalse(clash.isConflict(), "switched back meanwhile to the member's value");
    }

    @Test
    void portsCompareAsTheirValueWhetherServedAsStringOrNumber() {
        ServerEntry numeric = changed(seen(), j -> j.put("listenerPort", 30120));
        ServerMerge.Result same = ServerMerge.merge(seen(), numeric,
                MapChanges.none().with(ServerField.LISTENER_PORT, 30125));
        assertFalse(same.isConflict(), "30120 as a number is what the member saw");
        assertEquals("30125", same.merged().listenerPort());

        ServerEntry moved = changed(seen(), j -> j.put("listenerPort", 30130));
        ServerMerge.Result r = ServerMerge.merge(seen(), moved, MapChanges.none().with(ServerField.LISTENER_PORT, 30125));
        assertEquals(List.of(new ServerMerge.Collision(ServerField.LISTENER_PORT, "30120", "30130", "30125")),
                r.collisions());
        assertFalse(ServerMerge.merge(seen(), moved, MapChanges.none().with(ServerField.LISTENER_PORT, 30130))
                .isConflict(), "the number 30130 meanwhile equals the member's 30130");
    }

    @Test
    void unknownFieldsAlwaysComeFromTheFreshReadAndAreReportedKept() {
        ServerEntry current = changed(seen(), j -> {
            j.put("customField", "changed");
            j.put("addedLater", 5);
        });
        ServerMerge.Result r = ServerMerge.merge(seen(), current, MapChanges.none().with(ServerField.NAME, "Harbor"));
        assertFalse(r.isConflict());
        assertEquals("changed", r.merged().unknownFields().get("customField").asText());
        assertEquals(5, r.merged().unknownFields().get("addedLater").asInt());
        assertEquals(List.of("customField", "addedLater"), r.keptMeanwhile().stream().map(FieldChange::field).toList());
    }

    @Test
    void aRequestedValueEqualToWhatTheMemberSawDoesNotUndoAChangeMadeMeanwhile() {
        ServerEntry current = changed(seen(), j -> j.put("description", "Newer"));
        ServerMerge.Result r = ServerMerge.merge(seen(), current, MapChanges.none()
                .with(ServerField.DESCRIPTION, "Old description").with(ServerField.NAME, "Harbor"));
        assertFalse(r.isConflict());
        assertEquals("Newer", r.merged().description());
        assertEquals(1, r.keptMeanwhile().size());
    }
}
