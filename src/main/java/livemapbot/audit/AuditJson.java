package livemapbot.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.FieldChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit file's line format, one JSON object per line:
 * <pre>{"time":"2025-01-02T03:04:05Z","memberId":"123…","memberName":"Ann","action":"setmap",
 * "serverId":1,"changes":[{"field":"enableMap","label":"Map enabled","before":"false","after":"true"}],
 * "deploy":false,"outcome":"success"}</pre>
 * {@code memberId} is a string because Discord snowflakes exceed the 53 bits a JavaScript (or jq)
 * number holds exactly; {@code serverId} is null for a deploy; {@code label} is left out when
 * unknown. The format is built field by field (not by bean mapping) so that renaming a record
 * component cannot silently change what tools reading the file see.
 */
public final class AuditJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditJson() {
    }

    /** The record as one line of JSON, without the line break. */
    public static String toLine(AuditRecord record) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("time", record.time().toString());
        node.put("memberId", Long.toUnsignedString(record.memberId()));
        node.put("memberName", record.memberName());
        node.put("action", record.action());
        if (record.serverId() == null) {
            node.putNull("serverId");
        } else {
            node.put("serverId", record.serverId().intValue());
        }
        ArrayNode changes = node.putArray("changes");
        for (FieldChange change : record.changes()) {
            ObjectNode c = changes.addObject();
            c.put("field", change.field());
            if (change.label() != null) {
                c.put("label", change.label());
            }
            c.put("before", change.before());
            c.put("after", change.after());
        }
        node.put("deploy", record.deploy());
        node.put("outcome", record.outcome());
        try {
            // Jackson escapes line breaks inside strings, so a name or value can never split the line.
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an audit record", e);
        }
    }

    /**
     * Reads a line written by {@link #toLine}.
     *
     * @throws IllegalArgumentException when the line is not such a record
     */
    public static AuditRecord fromLine(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON audit line: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<FieldChange> changes = new ArrayList<>();
        for (JsonNode c : required(node, "changes")) {
            JsonNode label = c.get("label");
            changes.add(new FieldChange(required(c, "field").asText(),
                    label == null || label.isNull() ? null : label.asText(),
                    required(c, "before").asText(), required(c, "after").asText()));
        }
        JsonNode serverId = required(node, "serverId");
        return new AuditRecord(
                Instant.parse(required(node, "time").asText()),
                Long.parseUnsignedLong(required(node, "memberId").asText()),
                required(node, "memberName").asText(),
                required(node, "action").asText(),
                serverId.isNull() ? null : serverId.asInt(),
                changes,
                required(node, "deploy").asBoolean(),
                required(node, "outcome").asText());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("audit line has no " + field);
        }
        return value;
    }
}
