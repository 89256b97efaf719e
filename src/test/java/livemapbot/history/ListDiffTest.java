package livemapbot.history;

import livemapbot.cad.ServerEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static livemapbot.history.Entries.json;
import static livemapbot.history.Entries.list;
import static livemapbot.history.Entries.server;
import static livemapbot.history.Entries.with;
import static livemapbot.history.Entries.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListDiffTest {
    private final ServerEntry a = server(1, "Main City");
    private final ServerEntry b = server(2, "Sandy");
    private final ServerEntry c = server(3, "Paleto");

    @Test
    void identicalListsHaveNoDifference() {
        ListDiff diff = ListDiff.between(list(a, b), list(server(1, "Main City"), server(2, "Sandy")));
        assertTrue(diff.isEmpty());
        assertTrue(diff.deltas().isEmpty());
    }

    @Test
    void changedFieldsAreReportedOldToNewWithKnownFieldsByLabel() {
        ServerEntry a2 = with(with(a, "mapIp", "\"203.0.113.9\""), "listenerPort", "\"30130\"");
        ListDiff diff = ListDiff.between(list(a, b), list(a2, b));

        assertEquals(1, diff.changed().size());
        ServerDelta d = diff.changed().get(0);
        assertEquals(ServerDelta.Kind.CHANGED, d.kind());
        assertEquals(1, d.serverId());
        assertEquals(0, d.beforeIndex());
        assertEquals(0, d.afterIndex());
        assertEquals(List.of("mapIp", "listenerPort"), d.fieldKeys(), "in the entry's key order");
        FieldDelta ip = d.fields().get(0);
        assertEquals("Game server IP", ip.label());
        assertEquals("198.51.100.1", ip.beforeText());
        assertEquals("203.0.113.9", ip.afterText());
        assertFalse(diff.isEmpty());
    }

    @Test
    void unknownFieldsAreReportedByTheirKey() {
        ServerEntry a2 = with(a, "custom", "{\"a\":[2]}");
        ServerEntry a3 = with(a2, "brandNew", "5");
        ServerDelta d = ListDiff.between(list(a), list(a3)).changed().get(0);

        assertEquals(List.of("custom", "brandNew"), d.fieldKeys());
        assertEquals("custom", d.fields().get(0).label());
        assertEquals("{\"a\":[1,\"x\"]}", d.fields().get(0).beforeText());
        assertNull(d.fields().get(1).before(), "absent before");
        assertEquals("5", d.fields().get(1).afterText());
    }

    @Test
    void aFieldRemovedIsAChangeToAbsent() {
        ServerDelta d = ListDiff.between(list(a), list(without(a, "liveMapFormat"))).changed().get(0);
        assertEquals(List.of("liveMapFormat"), d.fieldKeys());
        assertNull(d.fields().get(0).after());
        assertEquals("", d.fields().get(0).afterText());
    }

    /** Decision documented on FieldDelta: a type-only change counts, and its text shows the JSON types. */
    @Test
    void aTypeOnlyChangeCountsAndIsShownAsJsonLiterals() {
        ServerEntry typed = with(a, "enableMap", "\"true\"");
        ServerEntry numbered = with(a, "custom", "\"30120\"");
        ServerEntry asNumber = with(a, "custom", "30120");

        FieldDelta bool = ListDiff.between(list(a), list(typed)).changed().get(0).fields().get(0);
        assertTrue(bool.typeOnly());
        assertEquals("true", bool.beforeText());
        assertEquals("\"true\"", bool.afterText());

        FieldDelta port = ListDiff.between(list(numbered), list(asNumber)).changed().get(0).fields().get(0);
        assertTrue(port.typeOnly());
        assertEquals("\"30120\"", port.beforeText());
        assertEquals("30120", port.afterText());
    }

    @Test
    void absentEmptyAndNullAreToldApartInText() {
        ServerEntry noSignal = without(a, "signal");
        FieldDelta absentToNull = ListDiff.between(list(noSignal), list(a)).changed().get(0).fields().get(0);
        assertEquals(FieldDelta.ABSENT, absentToNull.beforeText());
        assertEquals("null", absentToNull.afterText());

        FieldDelta emptyToNull = ListDiff.between(list(with(a, "signal", "\"\"")), list(a)).changed().get(0)
                .fields().get(0);
        assertEquals("\"\"", emptyToNull.beforeText());
        assertEquals("null", emptyToNull.afterText());
    }

    @Test
    void listenerPortServedAsANumberIsTheSameValueAsItsString() {
        // ServerEntry holds ports as strings (Sonoran serves strings; one write example has a number).
        ServerEntry asNumber = Entries.entry(a.toJson().put("listenerPort", 30120).toString());
        assertTrue(ListDiff.between(list(a), list(asNumber)).isEmpty());
    }

    @Test
    void addedServersCarryTheirPositionInTheNewList() {
        ListDiff diff = ListDiff.between(list(a, c), list(a, b, c));
        assertEquals(1, diff.added().size());
        ServerDelta d = diff.added().get(0);
        assertEquals(ServerDelta.Kind.ADDED, d.kind());
        assertEquals(2, d.serverId());
        assertEquals(1, d.afterIndex());
        assertNull(d.before());
        assertSame(b, d.after());
        assertFalse(diff.reordered(), "an insert moves indexes but does not reorder");
    }

    @Test
    void removedServersCarryTheirOldPositionAndTheWholeEntry() {
        ListDiff diff = ListDiff.between(list(a, b, c), list(c));
        assertEquals(List.of(1, 2), diff.removed().stream().map(ServerDelta::serverId).toList());
        ServerDelta d = diff.removed().get(1);
        assertEquals(ServerDelta.Kind.REMOVED, d.kind());
        assertEquals(1, d.beforeIndex());
        assertEquals(b, d.before());
        assertEquals(b.toJson(), d.before().toJson(), "every field, unknown ones included");
        assertEquals("Sandy", d.name());
    }

    @Test
    void orderIsDeterministicChangedThenRemovedThenAdded() {
        ServerEntry d4 = server(4, "New");
        ServerEntry d5 = server(5, "Newer");
        ServerEntry c2 = with(c, "name", "\"Paleto Bay\"");
        ServerEntry a2 = with(a, "description", "\"x\"");
        ListDiff diff = ListDiff.between(list(a, b, c), list(d5, c2, a2, d4));
        assertEquals(List.of(3, 1, 2, 5, 4), diff.deltas().stream().map(ServerDelta::serverId).toList(),
                "changed in new-list order, removed in old-list order, added in new-list order");
        assertTrue(diff.reordered());
    }

    @Test
    void aReorderAloneIsADifference() {
        ListDiff diff = ListDiff.between(list(a, b), list(b, a));
        assertTrue(diff.reordered());
        assertFalse(diff.isEmpty());
        assertTrue(diff.deltas().isEmpty());
    }

    @Test
    void duplicateIdsAreMatchedByOccurrence() {
        ServerEntry dup = with(a, "name", "\"Copy\"");
        ListDiff diff = ListDiff.between(list(a, dup), list(a));
        assertEquals(1, diff.removed().size());
        assertEquals("Copy", diff.removed().get(0).name());
        assertEquals(1, diff.removed().get(0).beforeIndex());
        assertTrue(diff.changed().isEmpty());
    }

    @Test
    void fieldDeltaValuesAreCopies() {
        var node = json("{\"x\":1}");
        FieldDelta d = FieldDelta.of("custom", node, null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("x", 2);
        assertEquals("{\"x\":1}", d.beforeText());
    }
}
