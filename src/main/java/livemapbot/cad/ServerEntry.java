package livemapbot.cad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One CAD server as Sonoran serves it. Immutable.
 *
 * <p>The entry keeps the JSON object it was read from, field order and unknown fields included,
 * because {@code set_servers} replaces the whole list: whatever the bot does not send back is
 * deleted in the CAD. Every value keeps its JSON type (an id served as {@code "1"} is written back
 * as {@code "1"}); the only normalisation is that {@code listenerPort} and {@code mapPort} are held
 * and written as strings, as Sonoran serves them and asks for them (one of its write examples shows
 * a number, which is read as well).
 */
public final class ServerEntry {
    /** The documented fields; anything else is carried along untouched. */
    public static final Set<String> KNOWN_FIELDS = Set.of(
            "id", "name", "description", "signal", "mapUrl", "mapIp", "mapPort", "differingOutbound",
            "outboundIp", "listenerPort", "enableMap", "mapType", "isStatic");

    /** The map types Sonoran documents; any other value read from the CAD is kept as it is. */
    public static final List<String> MAP_TYPES = List.of("NORMAL", "POSTAL", "OCRP POSTAL");

    private static final Set<String> PORT_FIELDS = Set.of("listenerPort", "mapPort");

    private final ObjectNode json;
    private final int id;

    private ServerEntry(ObjectNode json) {
        this.json = json;
        JsonNode idNode = json.get("id");
        this.id = idNode.isTextual() ? Integer.parseInt(idNode.asText()) : idNode.asInt();
    }

    /**
     * Reads one entry of a {@code servers} array.
     *
     * @throws IllegalArgumentException when the node is not an object with an integer {@code id}
     */
    public static ServerEntry fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("server entry is not a JSON object");
        }
        JsonNode idNode = node.get("id");
        if (idNode == null || !(idNode.canConvertToInt() && idNode.isIntegralNumber()
                || idNode.isTextual() && idNode.asText().matches("-?\\d{1,9}"))) {
            throw new IllegalArgumentException("server entry has no integer id");
        }
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        for (String port : PORT_FIELDS) {
            JsonNode value = copy.get(port);
            if (value != null && value.isNumber()) {
                copy.put(port, value.asText());
            }
        }
        return new ServerEntry(copy);
    }

    /** The entry as JSON, ready to be written back; a copy the caller may change. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    public int id() {
        return id;
    }

    public String name() {
        return text("name");
    }

    public String description() {
        return text("description");
    }

    /** Undocumented; null when absent or JSON null. */
    public String signal() {
        JsonNode v = json.get("signal");
        return v == null || v.isNull() ? null : v.asText();
    }

    public String mapUrl() {
        return text("mapUrl");
    }

    public String mapIp() {
        return text("mapIp");
    }

    /** Legacy map-plugin port; absent in v2. */
    public String mapPort() {
        return text("mapPort");
    }

    public boolean differingOutbound() {
        return bool("differingOutbound");
    }

    public String outboundIp() {
        return text("outboundIp");
    }

    public String listenerPort() {
        return text("listenerPort");
    }

    public boolean enableMap() {
        return bool("enableMap");
    }

    public String mapType() {
        return text("mapType");
    }

    /** Undocumented; null when absent. */
    public Boolean isStatic() {
        JsonNode v = json.get("isStatic");
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    /** Whether the entry has this JSON key at all (v2 entries have no {@code mapPort}). */
    public boolean has(String field) {
        return json.has(field);
    }

    /** Fields the bot does not know, in the order they were served. */
    public Map<String, JsonNode> unknownFields() {
        Map<String, JsonNode> unknown = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN_FIELDS.contains(e.getKey())) {
                unknown.put(e.getKey(), e.getValue().deepCopy());
            }
        }
        return Collections.unmodifiableMap(unknown);
    }

    /** Display text of one editable field: "" when absent, "true"/"false" for booleans. */
    public String display(ServerField field) {
        return displayOf(json.get(field.jsonName()));
    }

    /**
     * A copy with one field set. {@code value} must be of {@link ServerField#valueType()};
     * ports are stored as strings, as Sonoran serves them.
     */
    public ServerEntry with(ServerField field, Object value) {
        if (!field.valueType().isInstance(value)) {
            throw new IllegalArgumentException(field + " needs a " + field.valueType().getSimpleName());
        }
        ObjectNode copy = json.deepCopy();
        if (value instanceof Boolean b) {
            copy.put(field.jsonName(), b);
        } else {
            copy.put(field.jsonName(), value.toString());
        }
        return new ServerEntry(copy);
    }

    /**
     * Every field (known or not) whose value differs from {@code other}, including fields present
     * on one side only; editable fields use their label, others their JSON key.
     */
    public List<FieldChange> differencesTo(ServerEntry other) {
        Set<String> keys = new LinkedHashSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        other.json.fieldNames().forEachRemaining(keys::add);
        List<FieldChange> changes = new ArrayList<>();
        for (String key : keys) {
            JsonNode a = json.get(key);
            JsonNode b = other.json.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                changes.add(new FieldChange(key, labelOf(key), displayOf(a), displayOf(b)));
            }
        }
        return changes;
    }

    private static String labelOf(String key) {
        for (ServerField f : ServerField.values()) {
            if (f.jsonName().equals(key)) {
                return f.label();
            }
        }
        return key;
    }

    private static String displayOf(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private String text(String field) {
        return displayOf(json.get(field));
    }

    private boolean bool(String field) {
        JsonNode v = json.get(field);
        return v != null && (v.isBoolean() ? v.booleanValue() : "true".equalsIgnoreCase(v.asText()));
    }

    /** A minimal entry, for tests and the emulator's demo data. */
    public static ServerEntry of(int id, String name) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("name", name);
        return new ServerEntry(node);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerEntry other && other.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
