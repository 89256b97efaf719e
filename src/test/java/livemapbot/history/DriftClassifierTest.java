package livemapbot.history;

import livemapbot.cad.ServerEntry;
import livemapbot.history.DriftClassifier.Classification;
import livemapbot.history.DriftClassifier.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static livemapbot.history.Entries.list;
import static livemapbot.history.Entries.server;
import static livemapbot.history.Entries.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftClassifierTest {
    private final ServerEntry a = server(1, "Main City");
    private final ServerEntry b = server(2, "Sandy");
    private final ServerEntry c = server(3, "Paleto");

    private static Optional<Classification> classify(List<ServerEntry> before, List<ServerEntry> after) {
        return DriftClassifier.classify(ListDiff.between(before, after));
    }

    private static Kind kind(List<ServerEntry> before, List<ServerEntry> after) {
        return classify(before, after).orElseThrow().kind();
    }

    /** Rule 1: only mapIp, listenerPort, outboundIp, differingOutbound changed → the FiveM resource. */
    @Test
    void onlyTheFourFiveMFieldsChangedIsTheResourceCorrectingItself() {
        ServerEntry a2 = with(with(a, "mapIp", "\"203.0.113.7\""), "listenerPort", "\"30125\"");
        ServerEntry b2 = with(with(b, "differingOutbound", "true"), "outboundIp", "\"203.0.113.8\"");
        Classification c1 = classify(list(a, b, c), list(a2, b2, c)).orElseThrow();
        assertEquals(Kind.FIVEM_SELF_CORRECTION, c1.kind());
        assertTrue(c1.explanation().contains("`disableOverride`"), c1.explanation());
        assertTrue(c1.explanation().contains("sonorancad FiveM resource"), c1.explanation());
        assertTrue(c1.deleted().isEmpty());
        assertEquals(Kind.FIVEM_SELF_CORRECTION, kind(list(a), list(with(a, "mapIp", "\"203.0.113.7\""))),
                "a single field on a single server is enough");
    }

    /** Rule 2: servers disappeared and one new "Server N" entry appeared → list replaced by a game server. */
    @Test
    void everyServerReplacedByOneServerNIsTheGameServerReplacingTheList() {
        Classification c2 = classify(list(a, b, c), list(server(7, "Server 7"))).orElseThrow();
        assertEquals(Kind.LIST_REPLACED_BY_GAME_SERVER, c2.kind());
        assertEquals(List.of(a, b, c), c2.deleted(), "the deleted servers, listed in their old order");
        assertTrue(c2.explanation().contains("every other server was deleted"), c2.explanation());
    }

    /** Rule 3: anything else. */
    @Test
    void aNameChangeIsThePanelOrAnotherIntegration() {
        Classification c3 = classify(list(a, b), list(with(a, "name", "\"Downtown\""), b)).orElseThrow();
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, c3.kind());
        assertEquals("changed in the CAD panel or by another integration", c3.explanation());
    }

    @Test
    void nothingChangedIsNoDetection() {
        assertEquals(Optional.empty(), classify(list(a, b), list(server(1, "Main City"), server(2, "Sandy"))));
    }

    @Test
    void fiveMFieldsPlusANameChangeIsOther() {
        ServerEntry a2 = with(with(a, "mapIp", "\"203.0.113.7\""), "name", "\"Downtown\"");
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a), list(a2)));
    }

    @Test
    void fiveMFieldsOnOneServerAndAnUnknownFieldOnAnotherIsOther() {
        ServerEntry a2 = with(a, "listenerPort", "\"30125\"");
        ServerEntry b2 = with(b, "liveMapFormat", "1");
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a, b), list(a2, b2)));
    }

    @Test
    void fiveMFieldsPlusAnAddedServerIsOther() {
        ServerEntry a2 = with(a, "mapIp", "\"203.0.113.7\"");
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a), list(a2, b)));
    }

    @Test
    void aReplacementWhoseNewEntryIsNotNamedServerNIsOther() {
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a, b), list(server(7, "Main City 2"))));
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a, b), list(server(7, "Server seven"))));
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a, b), list(server(7, "My Server 7"))));
    }

    @Test
    void aServerNAddedWhileOtherServersSurviveIsOther() {
        // "every other server was deleted" would be false.
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a, b, c), list(a, server(7, "Server 7"))));
    }

    @Test
    void twoNewEntriesReplacingTheListIsOther() {
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION,
                kind(list(a, b), list(server(7, "Server 7"), server(8, "Server 8"))));
    }

    @Test
    void aServerNAddedWithoutAnythingRemovedIsOther() {
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(), list(server(7, "Server 7"))));
    }

    @Test
    void aReorderOfFiveMCorrectedServersIsOther() {
        ServerEntry a2 = with(a, "mapIp", "\"203.0.113.7\"");
        assertEquals(Kind.PANEL_OR_OTHER_INTEGRATION, kind(list(a, b), list(b, a2)));
    }
}
