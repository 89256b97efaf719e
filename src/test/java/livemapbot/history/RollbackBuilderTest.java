package livemapbot.history;

import livemapbot.cad.ServerEntry;
import livemapbot.history.RollbackBuilder.Change;
import livemapbot.history.RollbackBuilder.Item;
import livemapbot.history.RollbackBuilder.NothingToDo;
import livemapbot.history.RollbackBuilder.Plan;
import livemapbot.history.RollbackBuilder.Refused;
import livemapbot.history.RollbackBuilder.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static livemapbot.history.Entries.list;
import static livemapbot.history.Entries.server;
import static livemapbot.history.Entries.with;
import static livemapbot.history.Entries.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RollbackBuilderTest {
    private final ServerEntry a = server(1, "Main City");
    private final ServerEntry b = server(2, "Sandy");
    private final ServerEntry c = server(3, "Paleto");

    private static Plan plan(Result result) {
        return assertInstanceOf(Plan.class, result);
    }

    /** Only the fields that revision changed are put back, against the current list. */
    @Test
    void fieldsTheRevisionChangedArePutBack() {
        ServerEntry after = with(with(a, "mapIp", "\"203.0.113.7\""), "listenerPort", "\"30125\"");
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(1, a, after, 0)), list(after, b)));

        assertEquals(List.of(a, b), plan.servers(), "the whole list to write, server 1 as before the revision");
        assertEquals(1, plan.changes().size());
        Change change = plan.changes().get(0);
        assertEquals(Change.Kind.FIELDS_REVERTED, change.kind());
        assertEquals(1, change.serverId());
        assertEquals(List.of("mapIp", "listenerPort"), change.fields().stream().map(FieldDelta::key).toList());
        assertEquals("203.0.113.7", change.fields().get(0).beforeText(), "old → new is current → reverted");
        assertEquals("198.51.100.1", change.fields().get(0).afterText());
        assertEquals(List.of(after, b), plan.basedOn());
    }

    /** Fields changed by others since, that the revision did not touch, are kept. */
    @Test
    void fieldsChangedByOthersSinceAreKept() {
        ServerEntry after = with(a, "mapIp", "\"203.0.113.7\"");
        ServerEntry current = with(with(after, "name", "\"Downtown\""), "custom", "\"later\"");
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(1, a, after, 0)), list(current)));

        ServerEntry written = plan.servers().get(0);
        assertEquals("198.51.100.1", written.mapIp());
        assertEquals("Downtown", written.name());
        assertEquals("\"later\"", written.toJson().get("custom").toString());
        assertEquals(List.of("mapIp"), plan.changes().get(0).fields().stream().map(FieldDelta::key).toList());
    }

    @Test
    void aKeyTheRevisionAddedIsRemovedAndOneItRemovedIsRestored() {
        ServerEntry after = with(without(a, "liveMapFormat"), "extra", "true");
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(1, a, after, 0)), list(after)));
        ServerEntry written = plan.servers().get(0);
        assertEquals(a.toJson().get("liveMapFormat"), written.toJson().get("liveMapFormat"));
        assertEquals(false, written.has("extra"));
    }

    @Test
    void aTypeOnlyChangeIsPutBackWithItsOldType() {
        ServerEntry after = with(a, "enableMap", "\"true\"");
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(1, a, after, 0)), list(after)));
        assertEquals(a.toJson(), plan.servers().get(0).toJson());
    }

    @Test
    void fieldsThatAlreadyHaveTheOldValuesAreNothingToRollBack() {
        ServerEntry after = with(a, "mapIp", "\"203.0.113.7\"");
        ServerEntry currentWithOtherEdits = with(a, "name", "\"Downtown\"");
        Result result = RollbackBuilder.build(List.of(new Item(1, a, after, 0)), list(currentWithOtherEdits, b));
        NothingToDo nothing = assertInstanceOf(NothingToDo.class, result);
        assertEquals(RollbackBuilder.NOTHING_TO_DO, nothing.message());
    }

    /** A server no longer in the CAD is re-added at its old position with every field as it was. */
    @Test
    void aDeletedServerIsReAddedAtItsOldPositionWithUnknownFieldsIntact() {
        ServerEntry changedThenDeleted = with(b, "mapIp", "\"203.0.113.7\"");
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(2, b, changedThenDeleted, 1)), list(a, c)));

        assertEquals(List.of(a, b, c), plan.servers());
        ServerEntry readded = plan.servers().get(1);
        assertEquals(b.toJson().toString(), readded.toJson().toString(), "byte for byte, unknown fields included");
        assertEquals("{\"a\":[1,\"x\"]}", readded.toJson().get("custom").toString());
        Change change = plan.changes().get(0);
        assertEquals(Change.Kind.READDED, change.kind());
        assertEquals(1, change.index(), "re-added at position 2");
    }

    @Test
    void aRemovedServerIsReAddedAndItsPositionIsClampedToTheListSize() {
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(3, c, null, 7)), list(a)));
        assertEquals(List.of(a, c), plan.servers());
        assertEquals(1, plan.changes().get(0).index());
    }

    @Test
    void aServerWithAnUnknownOldPositionIsReAddedAtTheEnd() {
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(1, a, null, -1)), list(b, c)));
        assertEquals(List.of(b, c, a), plan.servers());
    }

    @Test
    void aRemovalAlreadyUndoneIsNothingToDo() {
        ServerEntry backWithEdits = with(b, "name", "\"Sandy Shores\"");
        assertInstanceOf(NothingToDo.class,
                RollbackBuilder.build(List.of(new Item(2, b, null, 1)), list(a, backWithEdits)));
    }

    /** The whole-list replacement undone: Server N removed, every deleted server back in its place. */
    @Test
    void aReplacedListIsRestoredInItsOldOrder() {
        ServerEntry serverN = server(7, "Server 7");
        List<Item> detection = List.of(
                new Item(2, b, null, 1), new Item(1, a, null, 0), new Item(3, c, null, 2),
                new Item(7, null, serverN, -1));
        Plan plan = plan(RollbackBuilder.build(detection, list(serverN)));

        assertEquals(List.of(a, b, c), plan.servers());
        assertEquals(List.of(Change.Kind.REMOVED, Change.Kind.READDED, Change.Kind.READDED, Change.Kind.READDED),
                plan.changes().stream().map(Change::kind).toList());
        assertEquals(List.of(7, 1, 2, 3), plan.changes().stream().map(Change::serverId).toList());
        assertEquals(List.of(0, 0, 1, 2), plan.changes().stream().map(Change::index).toList());
    }

    /** A revision that added a server → removal, shown as such. */
    @Test
    void aServerTheRevisionAddedIsRemoved() {
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(2, null, b, -1)), list(a, with(b, "name", "\"x\""), c)));
        assertEquals(List.of(a, c), plan.servers());
        Change change = plan.changes().get(0);
        assertEquals(Change.Kind.REMOVED, change.kind());
        assertEquals(2, change.serverId());
        assertEquals("x", change.name());
        assertEquals(1, change.index());
    }

    @Test
    void anAddedServerAlreadyGoneIsNothingToDo() {
        assertInstanceOf(NothingToDo.class, RollbackBuilder.build(List.of(new Item(2, null, b, -1)), list(a)));
    }

    /** Refused if the removal would leave the list empty. */
    @Test
    void removingTheLastServerIsRefused() {
        Result result = RollbackBuilder.build(List.of(new Item(2, null, b, -1)), list(b));
        Refused refused = assertInstanceOf(Refused.class, result);
        assertEquals(RollbackBuilder.REFUSED_EMPTY, refused.message());
    }

    @Test
    void severalServersOfOneDetectionAreRevertedTogether() {
        ServerEntry a2 = with(a, "listenerPort", "\"1\"");
        ServerEntry b2 = with(b, "outboundIp", "\"203.0.113.1\"");
        Plan plan = plan(RollbackBuilder.build(List.of(new Item(1, a, a2, 0), new Item(2, b, b2, 1)), list(a2, b2, c)));
        assertEquals(List.of(a, b, c), plan.servers());
        assertEquals(List.of(1, 2), plan.changes().stream().map(Change::serverId).toList());
    }

    @Test
    void theCurrentListIsNotModified() {
        ServerEntry after = with(a, "mapIp", "\"203.0.113.7\"");
        List<ServerEntry> current = list(after);
        RollbackBuilder.build(List.of(new Item(1, a, after, 0)), current);
        assertSame(after, current.get(0));
    }

    /** Revert of a detection: the list as it was before the outside change, whatever the change was. */
    @Test
    void revertingADetectionRestoresTheListBeforeIt() {
        ServerEntry a2 = with(a, "mapIp", "\"203.0.113.7\"");
        ServerEntry d = server(4, "Server 4");
        List<ServerEntry> before = list(a, b, c);
        List<ServerEntry> after = list(a2, c, d);
        ListDiff diff = ListDiff.between(before, after);

        Plan plan = plan(RollbackBuilder.build(RollbackBuilder.itemsOf(diff), after));
        assertEquals(before, plan.servers());
        assertEquals(List.of(Change.Kind.FIELDS_REVERTED, Change.Kind.REMOVED, Change.Kind.READDED),
                plan.changes().stream().map(Change::kind).toList());
    }

    @Test
    void anItemWithNeitherSideIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new Item(1, null, null, 0));
    }
}
