package livemapbot.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Builds the change that puts the server(s) of one revision (or one drift detection) back to their
 * state <em>before</em> it, against the <em>current</em> list. Pure.
 *
 * <ul>
 *   <li>A server the revision changed and that is still in the CAD: only the fields the revision
 *       changed are put back (every JSON key whose value differs between its before and after
 *       entries, unknown keys included; a key the revision added is removed again). Fields changed
 *       by anyone since, that the revision did not touch, keep their current value.</li>
 *   <li>A server the revision changed or removed that is no longer in the CAD: re-added at its old
 *       index (clamped to the list's size) as its before-entry, every field and unknown field
 *       exactly as it was. Several re-adds go in in ascending old index, so their order is kept.</li>
 *   <li>A server the revision removed that is back in the CAD: already undone, left alone.</li>
 *   <li>A server the revision added: removed, if it is still there.</li>
 * </ul>
 * The result is {@link Plan} with the complete list to write (set_servers replaces the whole list),
 * {@link NothingToDo} when the current list already has the old values, or {@link Refused} when
 * the result would be an empty list (that would delete every server in the CAD).
 */
public final class RollbackBuilder {
    public static final String NOTHING_TO_DO =
            "Nothing to roll back: the fields already have the old values.";
    public static final String REFUSED_EMPTY =
            "Rolling this back would remove the last server and leave the CAD with no servers at all,"
                    + " so the bot will not do it.";

    /**
     * One server of the revision being undone.
     *
     * @param serverId    the server's id
     * @param before      its entry before the revision; null when the revision added it
     * @param after       its entry after the revision; null when the revision removed it
     * @param beforeIndex its 0-based index in the list before the revision; negative = unknown
     *                    (a re-added server then goes at the end)
     */
    public record Item(int serverId, ServerEntry before, ServerEntry after, int beforeIndex) {
        public Item {
            if (before == null && after == null) {
                throw new IllegalArgumentException("server " + serverId + ": neither a before nor an after entry");
            }
        }

        /** The server of a drift detection (or any diff) to undo: its before and after entries and old index. */
        public static Item of(ServerDelta delta) {
            return new Item(delta.serverId(), delta.before(), delta.after(), delta.beforeIndex());
        }
    }

    /** Every server of a detection, ready for {@link #build} (its Revert button). */
    public static List<Item> itemsOf(ListDiff diff) {
        return diff.deltas().stream().map(Item::of).toList();
    }

    /** What the rollback does to one server, for the preview (old → new is current → written). */
    public record Change(Kind kind, int serverId, String name, List<FieldDelta> fields, int index) {
        public enum Kind {
            /** Fields put back; {@code fields} holds current → old; {@code index} its place in the list. */
            FIELDS_REVERTED,
            /** Re-added with every field as it was; {@code index} its place in the new list ("position index+1"). */
            READDED,
            /** Removed (the revision had added it); {@code index} its place in the current list. */
            REMOVED
        }

        public Change {
            fields = List.copyOf(fields);
        }
    }

    public sealed interface Result permits Plan, NothingToDo, Refused {
    }

    /**
     * @param servers the complete list to write
     * @param changes one per server affected, reverted fields first, then removals, then re-adds
     * @param basedOn the current list this plan was built on (for the conflict check at confirm)
     */
    public record Plan(List<ServerEntry> servers, List<Change> changes, List<ServerEntry> basedOn)
            implements Result {
        public Plan {
            servers = List.copyOf(servers);
            changes = List.copyOf(changes);
            basedOn = List.copyOf(basedOn);
        }
    }

    public record NothingToDo(String message) implements Result {
    }

    public record Refused(String message) implements Result {
    }

    private RollbackBuilder() {
    }

    public static Result build(List<Item> revision, List<ServerEntry> current) {
        Objects.requireNonNull(revision, "revision");
        List<ServerEntry> working = new ArrayList<>(current);
        List<Change> reverted = new ArrayList<>();
        List<Change> removed = new ArrayList<>();
        List<Item> readds = new ArrayList<>();

        for (Item item : revision) {
            int at = indexOf(working, item.serverId());
            if (item.before() == null) {
                if (at >= 0) {
                    ServerEntry gone = working.remove(at);
                    removed.add(new Change(Change.Kind.REMOVED, gone.id(), gone.name(), List.of(),
                            indexOfIdentity(current, gone)));
                }
            } else if (at < 0) {
                readds.add(item);
            } else if (item.after() != null) {
                ServerEntry now = working.get(at);
                ServerEntry back = revertFields(now, item.before(), item.after());
                List<FieldDelta> fields = ListDiff.fields(now, back);
                if (!fields.isEmpty()) {
                    working.set(at, back);
                    reverted.add(new Change(Change.Kind.FIELDS_REVERTED, back.id(), back.name(), fields, at));
                }
            }
            // before present, after null, server present again: the removal was already undone.
        }

        readds.sort(Comparator.comparingInt(i -> i.beforeIndex() < 0 ? Integer.MAX_VALUE : i.beforeIndex()));
        for (Item item : readds) {
            int at = item.beforeIndex() < 0 ? working.size() : Math.min(item.beforeIndex(), working.size());
            working.add(at, item.before());
        }
        List<Change> readded = new ArrayList<>();
        for (Item item : readds) {
            ServerEntry entry = item.before();
            readded.add(new Change(Change.Kind.READDED, entry.id(), entry.name(), List.of(),
                    indexOfIdentity(working, entry)));
        }

        if (reverted.isEmpty() && removed.isEmpty() && readded.isEmpty()) {
            return new NothingToDo(NOTHING_TO_DO);
        }
        if (working.isEmpty()) {
            return new Refused(REFUSED_EMPTY);
        }
        List<Change> changes = new ArrayList<>(reverted);
        changes.addAll(removed);
        changes.addAll(readded);
        return new Plan(working, changes, current);
    }

    /** {@code now} with every key that differs between {@code before} and {@code after} set back as in {@code before}. */
    static ServerEntry revertFields(ServerEntry now, ServerEntry before, ServerEntry after) {
        ObjectNode json = now.toJson();
        ObjectNode old = before.toJson();
        for (FieldDelta touched : ListDiff.fields(before, after)) {
            JsonNode value = old.get(touched.key());
            if (value == null) {
                json.remove(touched.key());
            } else {
                json.set(touched.key(), value);
            }
        }
        return ServerEntry.fromJson(json);
    }

    private static int indexOf(List<ServerEntry> list, int id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfIdentity(List<ServerEntry> list, ServerEntry entry) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == entry) {
                return i;
            }
        }
        return -1;
    }
}
