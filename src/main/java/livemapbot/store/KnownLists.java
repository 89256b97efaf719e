package livemapbot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.history.KnownListStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last server list the bot knows per community (raw JSON text, byte for byte), so the drift
 * watch compares against it even after a restart. Each {@link #put} or successful
 * {@link #compareAndSet} raises the version by one.
 *
 * <p>As a {@link KnownListStore}: the list is stored as its {@code servers} array (each entry as
 * the CAD sent it, unknown fields included) and {@code updated_at} is the list's
 * {@link ServerList#readAt()}, so a loaded list reads as of the moment it was read (or written by
 * the bot), not when it was stored. The store's failures come out as {@link UncheckedStoreException}.
 */
public final class KnownLists implements KnownListStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A community's last known list and when it was stored. */
    public record KnownList(String community, String listJson, Instant updatedAt, long version) {
    }

    private final Db db;

    KnownLists(Db db) {
        this.db = db;
    }

    public Optional<KnownList> get(String community) throws StoreException {
        return db.run("reading the last known list", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT list_json, updated_at, version FROM known_lists WHERE community = ?")) {
                select.setString(1, community);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new KnownList(community, rows.getString(1),
                                    Instant.ofEpochMilli(rows.getLong(2)), rows.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Stores {@code listJson} as {@code community}'s last known list; returns the new version (1 for the first). */
    public long put(String community, String listJson, Instant now) throws StoreException {
        return db.run("storing the last known list", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO known_lists (community, list_json,"
                    + " updated_at, version) VALUES (?, ?, ?, 1) ON CONFLICT (community) DO UPDATE SET"
                    + " list_json = excluded.list_json, updated_at = excluded.updated_at,"
                    + " version = known_lists.version + 1 RETURNING version")) {
                upsert.setString(1, community);
                upsert.setString(2, listJson);
                upsert.setLong(3, now.toEpochMilli());
                try (ResultSet rows = upsert.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /**
     * Stores {@code listJson} (read at {@code readAt}) if the stored version is still
     * {@code expectedVersion} ({@link KnownListStore#NONE}: nothing stored yet), in one conditional
     * statement, so of two processes that saw the same version exactly one wins.
     */
    public boolean compareAndSet(String community, long expectedVersion, String listJson, Instant readAt)
            throws StoreException {
        return db.run("storing the last known list", connection -> {
            String sql = expectedVersion == NONE
                    ? "INSERT INTO known_lists (community, list_json, updated_at, version) VALUES (?, ?, ?, 1)"
                            + " ON CONFLICT (community) DO NOTHING"
                    : "UPDATE known_lists SET list_json = ?, updated_at = ?, version = version + 1"
                            + " WHERE community = ? AND version = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (expectedVersion == NONE) {
                    statement.setString(1, community);
                    statement.setString(2, listJson);
                    statement.setLong(3, readAt.toEpochMilli());
                } else {
                    statement.setString(1, listJson);
                    statement.setLong(2, readAt.toEpochMilli());
                    statement.setString(3, community);
                    statement.setLong(4, expectedVersion);
                }
                return statement.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Known> load(String community) {
        Optional<KnownList> stored = unchecked(() -> get(community));
        return stored.map(k -> new Known(new ServerList(parse(k.listJson()), k.updatedAt()), k.version()));
    }

    @Override
    public boolean compareAndSet(String community, long expectedVersion, ServerList newList) {
        String json = toJson(newList);
        return unchecked(() -> compareAndSet(community, expectedVersion, json, newList.readAt()));
    }

    /** The list's entries as one JSON array, each entry as the CAD sent it. */
    public static String toJson(ServerList list) {
        ArrayNode array = JSON.createArrayNode();
        list.servers().forEach(entry -> array.add(entry.toJson()));
        return write(array);
    }

    /** One entry as JSON text, as the CAD sent it (field order and unknown fields kept); null for null. */
    public static String toJson(ServerEntry entry) {
        return entry == null ? null : write(entry.toJson());
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static List<ServerEntry> parse(String listJson) {
        JsonNode array;
        try {
            array = JSON.readTree(listJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored known list is not JSON", e);
        }
        List<ServerEntry> servers = new ArrayList<>();
        array.forEach(node -> servers.add(ServerEntry.fromJson(node)));
        return servers;
    }

    /** A store call whose failure becomes an {@link UncheckedStoreException}. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    private static <T> T unchecked(StoreCall<T> call) {
        try {
            return call.call();
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
    }
}
