package livemapbot.cad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The changes one {@code /setmap} asks for: a value per field, only for fields given. Immutable.
 */
public final class MapChanges {
    private static final MapChanges NONE = new MapChanges(new EnumMap<>(ServerField.class));

    private final EnumMap<ServerField, Object> values;

    private MapChanges(EnumMap<ServerField, Object> values) {
        this.values = values;
    }

    public static MapChanges none() {
        return NONE;
    }

    /** A copy with {@code field} set; {@code value} must be of {@link ServerField#valueType()}. */
    public MapChanges with(ServerField field, Object value) {
        if (!field.valueType().isInstance(value)) {
            throw new IllegalArgumentException(field + " needs a " + field.valueType().getSimpleName());
        }
        EnumMap<ServerField, Object> copy = new EnumMap<>(ServerField.class);
        copy.putAll(values);
        copy.put(field, value);
        return new MapChanges(copy);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean has(ServerField field) {
        return values.containsKey(field);
    }

    /** The requested value, or null when the field is not being changed. */
    public Object get(ServerField field) {
        return values.get(field);
    }

    public Map<ServerField, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** {@code entry} with every requested value set; all other fields as they were. */
    public ServerEntry applyTo(ServerEntry entry) {
        ServerEntry result = entry;
        for (Map.Entry<ServerField, Object> e : values.entrySet()) {
            result = result.with(e.getKey(), e.getValue());
        }
        return result;
    }

    /** The fields that would actually change on {@code entry}, old and new value as display text. */
    public List<FieldChange> diff(ServerEntry entry) {
        ServerEntry after = applyTo(entry);
        List<FieldChange> changes = new ArrayList<>();
        for (ServerField field : values.keySet()) {
            String before = entry.display(field);
            String now = after.display(field);
            if (!before.equals(now)) {
                changes.add(new FieldChange(field.jsonName(), field.label(), before, now));
            }
        }
        return changes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapChanges other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "MapChanges" + values;
    }
}
