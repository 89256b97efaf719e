package livemapbot.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.FieldChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditJsonTest {
    private static final long SNOWFLAKE = 1_234_567_890_123_456_789L;

    @Test
    void lineHasTheDocumentedFieldsAndTypes() throws Exception {
        AuditRecord record = new AuditRecord(Instant.parse("2025-01-02T03:04:05Z"), SNOWFLAKE, "Ann", "setmap", 3,
                List.of(new FieldChange("enableMap", "Map enabled", "false", "true")), false, "success");

        JsonNode json = new ObjectMapper().readTree(AuditJson.toLine(record));

        assertEquals("2025-01-02T03:04:05Z", json.get("time").asText());
        assertTrue(json.get("memberId").isTextual(), "snowflakes exceed JS number precision");
        assertEquals("1234567890123456789", json.get("memberId").asText());
        assertEquals("Ann", json.get("memberName").asText());
        assertEquals("setmap", json.get("action").asText());
        assertEquals(3, json.get("serverId").intValue());
        JsonNode change = json.get("changes").get(0);
        assertEquals("enableMap", change.get("field").asText());
        assertEquals("Map enabled", change.get("label").asText());
        assertEquals("false", change.get("before").asText());
        assertEquals("true", change.get("after").asText());
        assertFalse(json.get("deploy").asBoolean());
        assertEquals("success", json.get("outcome").asText());
    }

    @Test
    void deployRecordHasNullServerAndNoChanges() throws Exception {
        AuditRecord record = new AuditRecord(Instant.parse("2025-01-02T03:04:05.123Z"), 42, "Bob", "deploymap",
                null, List.of(), true, "rate_limited");

        JsonNode json = new ObjectMapper().readTree(AuditJson.toLine(record));

        assertTrue(json.get("serverId").isNull());
        assertTrue(json.get("changes").isArray());
        assertEquals(0, json.get("changes").size());
        assertTrue(json.get("deploy").asBoolean());
        assertEquals("2025-01-02T03:04:05.123Z", json.get("time").asText());
    }

    @Test
    void roundTripsAndStaysOnOneLine() {
        AuditRecord record = new AuditRecord(Instant.parse("2025-01-02T03:04:05Z"), SNOWFLAKE, "Ann\nforged line",
                "setmap", 1, List.of(new FieldChange("custom", null, "a\nb", "ü✓")), true, "conflict");

        String line = AuditJson.toLine(record);

        assertFalse(line.contains("\n"));
        assertFalse(line.contains("\"label\""), "an unknown label is left out");
        assertEquals(record, AuditJson.fromLine(line));
    }

    @Test
    void rejectsWhatIsNotARecord() {
        assertThrows(IllegalArgumentException.class, () -> AuditJson.fromLine("not json"));
        assertThrows(IllegalArgumentException.class, () -> AuditJson.fromLine("{\"time\":\"2025-01-02T03:04:05Z\"}"));
    }
}
