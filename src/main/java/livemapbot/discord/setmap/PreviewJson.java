package livemapbot.discord.setmap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * A {@link Preview} as the JSON the store keeps (the payload of an open preview): everything a
 * Confirm after a restart needs, the server as the preview showed it kept as the CAD sent it
 * (unknown fields included), so the conflict check compares exactly what the member saw.
 */
final class PreviewJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreviewJson() {
    }

    static String write(Preview preview) {
        ObjectNode root = JSON.createObjectNode();
        root.put("invokerId", preview.invokerId());
        root.put("invokerName", preview.invokerName());
        root.put("serverId", preview.serverId());
        root.set("seenBefore", preview.seenBefore().toJson());
        ObjectNode changes = root.putObject("changes");
        for (Map.Entry<ServerField, Object> change : preview.changes().asMap().entrySet()) {
            Object value = change.getValue();
            String field = change.getKey().name();
            if (value instanceof Boolean b) {
                changes.put(field, b);
            } else if (value instanceof Integer i) {
                changes.put(field, i);
            } else {
                changes.put(field, (String) value);
            }
        }
        ObjectNode deploy = root.putObject("deploy");
        deploy.put("reason", preview.deploy().reason().name());
        deploy.put("detail", preview.deploy().detail());
        root.put("expiresAt", preview.expiresAt().toEpochMilli());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** @throws IllegalArgumentException when {@code payload} is not a preview written by {@link #write} */
    static Preview read(String payload) {
        try {
            JsonNode root = JSON.readTree(payload);
            MapChanges changes = MapChanges.none();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("changes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> change = it.next();
                ServerField field = ServerField.valueOf(change.getKey());
                JsonNode value = change.getValue();
                Object typed = field.valueType() == Boolean.class ? (Object) value.booleanValue()
                        : field.valueType() == Integer.class ? (Object) value.intValue() : value.textValue();
                changes = changes.with(field, typed);
            }
            JsonNode deploy = root.get("deploy");
            return new Preview(root.get("invokerId").longValue(), root.get("invokerName").textValue(),
                    root.get("serverId").intValue(), ServerEntry.fromJson(root.get("seenBefore")), changes,
                    new DeployDecision(DeployDecision.Reason.valueOf(deploy.get("reason").textValue()),
                            deploy.get("detail").textValue()),
                    Instant.ofEpochMilli(root.get("expiresAt").longValue()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("a stored preview could not be read: " + e.getMessage(), e);
        }
    }
}
