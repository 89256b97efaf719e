package livemapbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /setmap} previews waiting for Confirm, kept in the database so a click after a restart
 * (or on another process sharing PostgreSQL) still finds its preview. A click {@link #claim}s its
 * preview with one conditional UPDATE, so however many clicks arrive at once, in however many
 * processes, exactly one wins. A claimed preview stays as a marker until it would have expired, so
 * a late click can be told "already handled" rather than "expired".
 */
public final class OpenPreviews {

    /**
     * A stored preview.
     *
     * @param community the community it belongs to
     * @param id        its key (travels in the button's component id); unique per community
     * @param memberId  the member who asked for it (the only one who may confirm)
     * @param createdAt when it was shown
     * @param expiresAt when its buttons stop working
     * @param payload   the preview itself, serialized by the caller (e.g. JSON)
     */
    public record StoredPreview(String community, String id, long memberId, Instant createdAt, Instant expiresAt,
            String payload) {
        public StoredPreview {
            Objects.requireNonNull(community, "community");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(payload, "payload");
        }

        public boolean isExpired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** The answer of {@link #claim}. */
    public sealed interface Claim permits Won, AlreadyClaimed, Expired, Unknown {
    }

    /** This click took the preview: act on it. */
    public record Won(StoredPreview preview) implements Claim {
    }

    /** Another click took it first (by {@code claimedBy}, at {@code claimedAt}). */
    public record AlreadyClaimed(String claimedBy, Instant claimedAt) implements Claim {
    }

    /** Its time ran out before anyone took it. */
    public record Expired() implements Claim {
    }

    /** No such preview (never stored, or purged after it expired). */
    public record Unknown() implements Claim {
    }

    private final Db db;

    OpenPreviews(Db db) {
        this.db = db;
    }

    /** Stores {@code preview}; a second preview with the same community and id is an error. */
    public void put(StoredPreview preview) throws StoreException {
        db.run("storing a preview", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO open_previews (community, id,"
                    + " member_id, created_at, expires_at, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, preview.community());
                insert.setString(2, preview.id());
                insert.setLong(3, preview.memberId());
                insert.setLong(4, preview.createdAt().toEpochMilli());
                insert.setLong(5, preview.expiresAt().toEpochMilli());
                insert.setString(6, preview.payload());
                return insert.executeUpdate();
            }
        });
    }

    /** The preview if it is there, unexpired at {@code now} and not claimed (to check who may press). */
    public Optional<StoredPreview> get(String community, String id, Instant now) throws StoreException {
        return db.run("reading a preview", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT community, id, member_id, created_at,"
                    + " expires_at, payload FROM open_previews"
                    + " WHERE community = ? AND id = ? AND claimed_at IS NULL AND expires_at > ?")) {
                select.setString(1, community);
                select.setString(2, id);
                select.setLong(3, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(preview(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Takes the preview for {@code claimedBy} (e.g. "confirm by 123" or "cancel by 123"): one
     * conditional UPDATE that only an unclaimed, unexpired row passes, so exactly one caller wins.
     */
    public Claim claim(String community, String id, String claimedBy, Instant now) throws StoreException {
        return db.run("claiming a preview", connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("UPDATE open_previews SET claimed_at = ?,"
                    + " claimed_by = ? WHERE community = ? AND id = ? AND claimed_at IS NULL AND expires_at > ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, claimedBy);
                update.setString(3, community);
                update.setString(4, id);
                update.setLong(5, now.toEpochMilli());
                updated = update.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT community, id, member_id, created_at,"
                    + " expires_at, payload, claimed_at, claimed_by FROM open_previews WHERE community = ? AND id = ?")) {
                select.setString(1, community);
                select.setString(2, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return new Unknown();
                    }
                    StoredPreview preview = preview(rows);
                    if (updated == 1) {
                        return new Won(preview);
                    }
                    if (preview.isExpired(now)) {
                        return new Expired();
                    }
                    return new AlreadyClaimed(rows.getString("claimed_by"), Instant.ofEpochMilli(rows.getLong("claimed_at")));
                }
            }
        });
    }

    /** Whether a click already claimed the preview, which has not expired at {@code now}. */
    public boolean isClaimed(String community, String id, Instant now) throws StoreException {
        return db.run("reading a preview", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM open_previews WHERE"
                    + " community = ? AND id = ? AND claimed_at IS NOT NULL AND expires_at > ?")) {
                select.setString(1, community);
                select.setString(2, id);
                select.setLong(3, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /**
     * Undoes a {@link #claim} by {@code claimedBy} whose click came to nothing (Discord did not take
     * it): the preview is open again. False when it is gone or was claimed by someone else.
     */
    public boolean unclaim(String community, String id, String claimedBy) throws StoreException {
        return db.run("reopening a preview", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE open_previews SET claimed_at = NULL,"
                    + " claimed_by = NULL WHERE community = ? AND id = ? AND claimed_by = ?")) {
                update.setString(1, community);
                update.setString(2, id);
                update.setString(3, claimedBy);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Deletes every preview (claimed or not) that expired by {@code now}; returns how many. */
    public int purgeExpired(Instant now) throws StoreException {
        return db.run("purging expired previews", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM open_previews WHERE expires_at <= ?")) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private static StoredPreview preview(ResultSet rows) throws SQLException {
        return new StoredPreview(rows.getString("community"), rows.getString("id"), rows.getLong("member_id"),
                Instant.ofEpochMilli(rows.getLong("created_at")), Instant.ofEpochMilli(rows.getLong("expires_at")),
                rows.getString("payload"));
    }
}
