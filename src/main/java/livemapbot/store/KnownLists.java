package livemapbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * The last server list the bot knows per community (raw JSON text, byte for byte), so the drift
 * watch compares against it even after a restart. Each {@link #put} raises the version by one.
 */
public final class KnownLists {

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
}
