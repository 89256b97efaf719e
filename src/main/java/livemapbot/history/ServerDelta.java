package livemapbot.history;

import livemapbot.cad.ServerEntry;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What happened to one server between two lists. Positions are 0-based indexes into the list
 * they refer to ({@code -1} on the side where the server does not exist); texts add 1.
 *
 * @param kind        changed, added or removed
 * @param before      the entry in the old list; null when added
 * @param after       the entry in the new list; null when removed
 * @param beforeIndex the entry's index in the old list, or -1
 * @param afterIndex  the entry's index in the new list, or -1
 * @param fields      for {@link Kind#CHANGED}: every differing field, in the entry's key order; else empty
 */
public record ServerDelta(Kind kind, ServerEntry before, ServerEntry after, int beforeIndex, int afterIndex,
                          List<FieldDelta> fields) {
    public enum Kind { CHANGED, ADDED, REMOVED }

    public ServerDelta {
        fields = List.copyOf(fields);
    }

    public int serverId() {
        return (after != null ? after : before).id();
    }

    /** The server's name as it is now (as it was, when removed). */
    public String name() {
        return (after != null ? after : before).name();
    }

    /** The JSON keys of the changed fields, in order (empty unless changed). */
    public List<String> fieldKeys() {
        return fields.stream().map(FieldDelta::key).collect(Collectors.toList());
    }
}
