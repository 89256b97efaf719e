package livemapbot.discord.setmap;

import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12: a form's submit counts only the fields whose value differs from what the form showed. */
class EditFormTest {
    private final ServerEntry seen = SetMapPlanTest.main();

    private EditForm.Submitted submit(EditForm form, Map<String, String> values) {
        return form.request(seen, name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void fieldsLeftAsShownAreNotChanges() {
        EditForm.Submitted s = submit(EditForm.MAIN, Map.of("name", " " + seen.name() + " ",
                "description", seen.description(), "enableMap", Boolean.toString(seen.enableMap()),
                "mapType", seen.mapType(), "mapUrl", seen.mapUrl()));
        assertFalse(s.request().hasAnySetting(), s.request().toString());
        assertEquals(java.util.List.of(), s.problems());
    }

    @Test
    void changedFieldsBecomeTheRequestAndOnlyThose() {
        EditForm.Submitted s = submit(EditForm.MORE, Map.of("mapIp", seen.mapIp(), "listenerPort", "30199",
                "differingOutbound", Boolean.toString(!seen.differingOutbound()), "outboundIp", "198.51.100.9"));
        assertNull(s.request().mapIp());
        assertEquals(30199L, s.request().listenerPort());
        assertEquals(!seen.differingOutbound(), s.request().differingOutbound());
        assertEquals("198.51.100.9", s.request().outboundIp());
        assertEquals(seen.id(), s.request().serverId());
    }

    /** A map type the CAD holds that is not one of the three still fits Discord's 100-character option label. */
    @Test
    void aLongCustomMapTypeStillOpensTheForm() {
        String longType = "X".repeat(95);
        livemapbot.cad.ServerEntry odd = seen.with(livemapbot.cad.ServerField.MAP_TYPE, longType);
        net.dv8tion.jda.api.modals.Modal modal = EditForm.MAIN.modal(odd, "setmap:form:k:1");
        assertTrue(modal.toData().toString().contains(longType));
    }

    @Test
    void aPortThatIsNotANumberIsAProblemNotACrash() {
        EditForm.Submitted s = submit(EditForm.MORE, Map.of("listenerPort", "30l20"));
        assertTrue(s.problems().get(0).contains("listener-port"), s.problems().toString());
    }

    @Test
    void eachFormHasAtMostFiveFieldsAndTogetherAllNine() {
        assertTrue(EditForm.MAIN.fields().size() <= 5 && EditForm.MORE.fields().size() <= 5);
        java.util.Set<ServerField> all = java.util.EnumSet.noneOf(ServerField.class);
        all.addAll(EditForm.MAIN.fields());
        all.addAll(EditForm.MORE.fields());
        assertEquals(java.util.EnumSet.allOf(ServerField.class), all);
    }
}
