package livemapbot.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between two server lists, per server. Pure; deterministic order.
 *
 * <ul>
 *   <li>Servers are matched by id. Should the CAD hold one id twice, the n-th entry with that id
 *       in one list is matched with the n-th in the other.</li>
 *   <li>{@link #changed()} in the order of the new list, each with its fields in the entry's own
 *       key order (old entry's keys first, then keys only the new entry has). Every key counts,
 *       known or not; values are compared as JSON (see {@link FieldDelta} for type-only changes).</li>
 *   <li>{@link #added()} in the order of the new list, with their index there.</li>
 *   <li>{@link #removed()} in the order of the old list, with their index there and the whole entry.</li>
 *   <li>{@link #reordered()}: the servers present in both lists are in another order. Not a
 *       per-server delta (an insert or a removal moves indexes without reordering anything).</li>
 * </ul>
 */
public final class ListDiff {
    private final List<ServerDelta> changed;
    private final List<ServerDelta> added;
    private final List<ServerDelta> removed;
    private final boolean reordered;
    private final int beforeSize;
    private final int afterSize;

    private ListDiff(List<ServerDelta> changed, List<ServerDelta> added, List<ServerDelta> removed,
                     boolean reordered, int beforeSize, int afterSize) {
        this.changed = List.copyOf(changed);
        this.added = List.copyOf(added);
        this.removed = List.copyOf(removed);
        this.reordered = reordered;
        this.beforeSize = beforeSize;
        this.afterSize = afterSize;
    }

    public static ListDiff between(List<ServerEntry> before, List<ServerEntry> after) {
        Map<Key, Integer> beforeIndex = index(before);
        Map<Key, Integer> afterIndex = index(after);
        List<Key> beforeKeys = keys(before);
        List<Key> afterKeys = keys(after);

        List<ServerDelta> changed = new ArrayList<>();
        List<ServerDelta> added = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            Integer old = beforeIndex.get(afterKeys.get(i));
            ServerEntry now = after.get(i);
            if (old == null) {
                added.add(new ServerDelta(ServerDelta.Kind.ADDED, null, now, -1, i, List.of()));
            } else {
                List<FieldDelta> fields = fields(before.get(old), now);
                if (!fields.isEmpty()) {
                    changed.add(new ServerDelta(ServerDelta.Kind.CHANGED, before.get(old), now, old, i, fields));
                }
            }
        }
        List<ServerDelta> removed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!afterIndex.containsKey(beforeKeys.get(i))) {
                removed.add(new ServerDelta(ServerDelta.Kind.REMOVED, before.get(i), null, i, -1, List.of()));
            }
        }
        List<Key> commonBefore = beforeKeys.stream().filter(afterIndex::containsKey).toList();
        List<Key> commonAfter = afterKeys.stream().filter(beforeIndex::containsKey).toList();
        return new ListDiff(changed, added, removed, !commonBefore.equals(commonAfter), before.size(), after.size());
    }

    /** Every field of one server that differs between {@code before} and {@code after}. */
    public static List<FieldDelta> fields(ServerEntry before, ServerEntry after) {
        return fields(before.toJson(), after.toJson());
    }

    /** Every key whose value differs between two entries' JSON (also partial ones, e.g. an imported audit line). */
    public static List<FieldDelta> fields(ObjectNode a, ObjectNode b) {
        Set<String> keys = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        List<FieldDelta> deltas = new ArrayList<>();
        for (String key : keys) {
            JsonNode x = a.get(key);
            JsonNode y = b.get(key);
            if (x == null ? y != null : !x.equals(y)) {
                deltas.add(FieldDelta.of(key, x, y));
            }
        }
        return deltas;
    }

    public List<ServerDelta> changed() {
        return changed;
    }

    public List<ServerDelta> added() {
        return added;
    }

    public List<ServerDelta> removed() {
        return removed;
    }

    /** Changed, then removed, then added: one delta per server, the order every text uses. */
    public List<ServerDelta> deltas() {
        List<ServerDelta> all = new ArrayList<>(changed);
        all.addAll(removed);
        all.addAll(added);
        return all;
    }

    /** How many entries the old list had. */
    public int beforeSize() {
        return beforeSize;
    }

    /** How many entries the new list has. */
    public int afterSize() {
        return afterSize;
    }

    public boolean reordered() {
        return reordered;
    }

    /** Nothing differs: same servers, same values, same order. */
    public boolean isEmpty() {
        return changed.isEmpty() && added.isEmpty() && removed.isEmpty() && !reordered;
    }

    @Override
    public String toString() {
        return "ListDiff[changed=" + changed.size() + ", added=" + added.size() + ", removed=" + removed.size()
                + ", reordered=" + reordered + "]";
    }

    /** A server id with its occurrence number (0 for the first entry with that id). */
    private record Key(int id, int occurrence) {
    }

    private static List<Key> keys(List<ServerEntry> list) {
        Map<Integer, Integer> seen = new HashMap<>();
        List<Key> keys = new ArrayList<>(list.size());
        for (ServerEntry e : list) {
            int n = seen.merge(e.id(), 1, Integer::sum) - 1;
            keys.add(new Key(e.id(), n));
        }
        return keys;
    }

    private static Map<Key, Integer> index(List<ServerEntry> list) {
        List<Key> keys = keys(list);
        Map<Key, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i);
        }
        return index;
    }
}
