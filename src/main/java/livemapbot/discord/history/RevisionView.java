package livemapbot.discord.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;
import livemapbot.history.FieldDelta;
import livemapbot.history.ListDiff;
import livemapbot.history.RollbackBuilder;
import livemapbot.store.Revision;

import java.util.List;
import java.util.Optional;

/**
 * One stored revision as history and rollback read it (no JDA): the server's name, what happened to
 * it (fields changed old → new, added, removed, the whole list) and the rollback item that undoes it.
 * Tolerates what the store may hold: an imported audit line has only the changed fields, a deploy
 * has no server at all.
 */
public record RevisionView(Revision revision, String serverName, What what, List<FieldDelta> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum What {
        /** Fields of one server changed; {@code fields} says which. */
        CHANGED("changed"),
        /** A server was added. */
        ADDED("added"),
        /** A server was removed. */
        REMOVED("removed"),
        /** The whole list was written (a deploy), or nothing readable is stored. */
        WHOLE_LIST("whole list");

        private final String word;

        What(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public RevisionView {
        fields = List.copyOf(fields);
    }

    public static RevisionView of(Revision revision) {
        Optional<ObjectNode> before = object(revision.beforeJson());
        Optional<ObjectNode> after = object(revision.afterJson());
        String name = after.or(() -> before).map(o -> o.path("name").asText("")).orElse("");
        if (revision.serverIds().size() != 1 || before.isEmpty() && after.isEmpty()) {
            return new RevisionView(revision, name, What.WHOLE_LIST, List.of());
        }
        if (before.isEmpty()) {
            return new RevisionView(revision, name, What.ADDED, List.of());
        }
        if (after.isEmpty()) {
            return new RevisionView(revision, name, What.REMOVED, List.of());
        }
        return new RevisionView(revision, name, What.CHANGED, ListDiff.fields(before.get(), after.get()));
    }

    public int serverId() {
        return revision.serverIds().isEmpty() ? -1 : revision.serverIds().get(0);
    }

    /** The JSON keys changed, or the word for what happened to the server (autocomplete label). */
    public List<String> labelParts() {
        return what == What.CHANGED ? fields.stream().map(FieldDelta::key).toList() : List.of(what.word());
    }

    /**
     * The rollback item of this revision, empty when it cannot be rolled back: a whole-list write,
     * or an imported audit line (it holds only the changed fields, not whole entries).
     *
     * The server's position before the revision is the stored one (unknown: a re-added server
     * goes at the end).
     */
    public Optional<RollbackBuilder.Item> rollbackItem() {
        int beforeIndex = revision.beforeIndex() == null ? -1 : revision.beforeIndex();
        if (what == What.WHOLE_LIST || revision.imported()) {
            return Optional.empty();
        }
        ServerEntry before = object(revision.beforeJson()).map(ServerEntry::fromJson).orElse(null);
        ServerEntry after = object(revision.afterJson()).map(ServerEntry::fromJson).orElse(null);
        return Optional.of(new RollbackBuilder.Item(serverId(), before, after, beforeIndex));
    }

    private static Optional<ObjectNode> object(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
