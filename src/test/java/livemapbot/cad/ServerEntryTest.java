package livemapbot.cad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerEntryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerEntry parse(String json) throws Exception {
        return ServerEntry.fromJson(JSON.readTree(json));
    }

    @Test
    void readsTheDocumentedExample() throws Exception {
        ServerEntry s = parse("""
                {"id":1,"name":"Server 1","description":"Default server description","signal":null,
                 "mapUrl":"https://x/map/index.html","mapIp":"123.456.78.9","mapPort":"30121",
                 "differingOutbound":false,"outboundIp":"","listenerPort":"0000","enableMap":false,
                 "mapType":"POSTAL","isStatic":false}""");
        assertEquals(1, s.id());
        assertEquals("Server 1", s.name());
        assertNull(s.signal());
        assertEquals("0000", s.listenerPort());
        assertEquals("30121", s.mapPort());
        assertEquals(false, s.enableMap());
        assertEquals(false, s.isStatic());
        assertEquals("POSTAL", s.mapType());
        assertTrue(s.unknownFields().isEmpty());
    }

    @Test
    void portsServedAsNumbersAreHeldAndWrittenAsStrings() throws Exception {
        ServerEntry s = parse("{\"id\":2,\"listenerPort\":30120,\"mapPort\":30121}");
        assertEquals("30120", s.listenerPort());
        assertTrue(s.toJson().get("listenerPort").isTextual());
        assertTrue(s.toJson().get("mapPort").isTextual());
        assertEquals(parse("{\"id\":2,\"listenerPort\":\"30120\",\"mapPort\":\"30121\"}"), s);
    }

    /** Issue 8: "keep every value's JSON type" — a string id must not become a number on the first write. */
    @Test
    void anIdKeepsItsJsonTypeThroughARoundTripAndAChange() throws Exception {
        ServerEntry text = parse("{\"id\":\"1\",\"name\":\"a\"}");
        ServerEntry number = parse("{\"id\":2,\"name\":\"b\"}");

        assertEquals(1, text.id());
        assertEquals("{\"id\":\"1\",\"name\":\"a\"}", text.toJson().toString());
        assertEquals("{\"id\":\"1\",\"name\":\"x\"}", text.with(ServerField.NAME, "x").toJson().toString());
        assertEquals(2, number.id());
        assertEquals("{\"id\":2,\"name\":\"b\"}", number.toJson().toString());
    }

    @Test
    void unknownFieldsAndOrderSurviveARoundTrip() throws Exception {
        String json = "{\"zeta\":1,\"id\":3,\"nested\":{\"a\":[1,{\"b\":null}]},\"mapType\":\"SOMETHING NEW\",\"liveMapFormat\":0}";
        ServerEntry s = parse(json);
        assertEquals(JSON.readTree(json), s.toJson());
        assertEquals(json, s.toJson().toString());
        assertEquals(List.of("zeta", "nested", "liveMapFormat"), List.copyOf(s.unknownFields().keySet()));
        assertEquals("SOMETHING NEW", s.mapType());
    }

    @Test
    void withChangesOneFieldAndNothingElse() throws Exception {
        ServerEntry s = parse("{\"id\":1,\"extra\":true,\"listenerPort\":\"30120\",\"enableMap\":false}");
        ServerEntry changed = s.with(ServerField.LISTENER_PORT, 30125).with(ServerField.ENABLE_MAP, true);
        JsonNode out = changed.toJson();
        assertEquals("30125", out.get("listenerPort").asText());
        assertTrue(out.get("listenerPort").isTextual());
        assertTrue(out.get("enableMap").booleanValue());
        assertTrue(out.get("extra").booleanValue());
        assertEquals("{\"id\":1,\"extra\":true,\"listenerPort\":\"30120\",\"enableMap\":false}", s.toJson().toString());
        assertThrows(IllegalArgumentException.class, () -> s.with(ServerField.ENABLE_MAP, "yes"));
    }

    @Test
    void differencesIncludeUnknownFieldsAndFieldsOnOneSide() throws Exception {
        ServerEntry a = parse("{\"id\":1,\"mapIp\":\"1.1.1.1\",\"x\":1}");
        ServerEntry b = parse("{\"id\":1,\"mapIp\":\"2.2.2.2\",\"y\":2}");
        assertEquals(List.of(
                new FieldChange("mapIp", "Game server IP", "1.1.1.1", "2.2.2.2"),
                new FieldChange("x", "x", "1", ""),
                new FieldChange("y", "y", "", "2")), a.differencesTo(b));
    }

    @Test
    void rejectsEntriesWithoutAnIntegerId() {
        assertThrows(IllegalArgumentException.class, () -> parse("{\"name\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":\"abc\"}"));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":1.5}"));
        assertThrows(IllegalArgumentException.class, () -> parse("[1]"));
        assertEquals(7, assertDoesNotThrowParse("{\"id\":\"7\"}").id());
    }

    private static ServerEntry assertDoesNotThrowParse(String json) {
        try {
            return parse(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mapChangesDiffListsOnlyRealChanges() throws Exception {
        ServerEntry s = parse("{\"id\":1,\"mapType\":\"POSTAL\",\"enableMap\":true,\"listenerPort\":30120}");
        MapChanges changes = MapChanges.none()
                .with(ServerField.MAP_TYPE, "POSTAL")
                .with(ServerField.ENABLE_MAP, false)
                .with(ServerField.LISTENER_PORT, 30120);
        assertEquals(List.of(new FieldChange("enableMap", "Map enabled", "true", "false")), changes.diff(s));
        assertTrue(MapChanges.none().isEmpty());
    }
}
