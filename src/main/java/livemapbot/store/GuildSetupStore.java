package livemapbot.store;

import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.hosting.GuildSetup;
import livemapbot.hosting.GuildSetups;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link GuildSetups} in the store's {@code guild_settings} table, each API key encrypted with
 * {@link KeyCipher} and bound to its guild. Obtained from {@link Store#guildSetups(KeyCipher)},
 * which first proves the cipher's key is the one the store's keys were encrypted with (the
 * canary row {@value #CANARY} in {@code store_meta}).
 *
 * <p>The canary is also what makes {@code rotate-key} safe next to running processes on
 * PostgreSQL: {@link #save} reads it under a share lock and {@link #rotate} under an exclusive
 * one, so a save either lands before the rotation (and is re-encrypted by it) or after it (and is
 * refused: this process still has the old key). Thread-safe.
 */
public final class GuildSetupStore implements GuildSetups {
    /** The {@code store_meta} row holding the canary. */
    static final String CANARY = "encryption_key_check";
    /** What the canary encrypts, and the associated data it is bound to. */
    private static final String CANARY_TEXT = "livemap-bot: the API keys in this store are encrypted with this key";
    private static final String CANARY_CONTEXT = "livemap-bot/store_meta/" + CANARY;
    static final String KEY_MISMATCH_MESSAGE = "store.encryptionKey does not match the key the stored API keys were"
            + " encrypted with (see README: rotating the key)";
    private static final String COLUMNS = "guild_id, community_id, api_key_enc, api_version, view_role_ids,"
            + " edit_role_ids, deploy_role_ids, announce_channel_id, audit_channel_id, plan, verified_at, left_at";

    /** What {@link Store#checkEncryptionKey} found. */
    public enum KeyState {
        /** The key decrypts the canary (and so the stored API keys). */
        MATCHES,
        /** Nothing has been encrypted in this store yet; the first start in multi mode records the key. */
        NOTHING_STORED
    }

    private final Db db;
    private final KeyCipher cipher;
    private final Clock clock;

    GuildSetupStore(Db db, KeyCipher cipher, Clock clock) {
        this.db = db;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The associated data of a guild's API key: a ciphertext copied to another guild's row does not decrypt. */
    static String keyContext(long guildId) {
        return "livemap-bot/guild_settings/api_key_enc/" + guildId;
    }

    // ----- the key check -------------------------------------------------------------------------

    /**
     * Proves {@code cipher} holds the store's key: it decrypts the canary, or (no canary yet) the
     * first stored API key. With {@code record}, a store without a canary gets one (the first
     * start with a key); two processes racing with different keys cannot both win.
     *
     * @throws StoreException {@link StoreException.Kind#KEY_MISMATCH} with {@link #KEY_MISMATCH_MESSAGE}
     */
    static KeyState verify(Db db, KeyCipher cipher, boolean record) throws StoreException {
        return unwrap(() -> db.transaction("checking store.encryptionKey", connection -> {
            String canary = canary(connection, db.dialect(), false);
            if (canary != null) {
                requireCanary(cipher, canary);
                return KeyState.MATCHES;
            }
            // No canary: a store from before it (or a test's hand-made row) is judged by a stored key.
            try (PreparedStatement first = connection.prepareStatement(
                    "SELECT guild_id, api_key_enc FROM guild_settings ORDER BY guild_id LIMIT 1");
                 ResultSet rows = first.executeQuery()) {
                if (rows.next()) {
                    decryptKey(cipher, rows.getLong(1), rows.getString(2));
                } else if (!record) {
                    return KeyState.NOTHING_STORED;
                }
            }
            if (!record) {
                return KeyState.MATCHES;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, CANARY);
                insert.setString(2, cipher.encrypt(CANARY_TEXT, CANARY_CONTEXT));
                insert.executeUpdate();
            }
            // Another process may have written its canary first: ours must match it.
            requireCanary(cipher, canary(connection, db.dialect(), false));
            return KeyState.MATCHES;
        }));
    }

    private static String canary(Connection connection, Dialect dialect, boolean exclusive) throws SQLException {
        String lock = exclusive ? dialect.forUpdate() : dialect.forShare();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM store_meta WHERE name = ?" + lock)) {
            select.setString(1, CANARY);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static void requireCanary(KeyCipher cipher, String canary) {
        try {
            if (!CANARY_TEXT.equals(cipher.decrypt(canary, CANARY_CONTEXT))) {
                throw mismatch();
            }
        } catch (KeyCipher.DecryptionException e) {
            throw mismatch();
        }
    }

    private static UncheckedStoreException mismatch() {
        return new UncheckedStoreException(new StoreException(StoreException.Kind.KEY_MISMATCH, KEY_MISMATCH_MESSAGE));
    }

    private static String decryptKey(KeyCipher cipher, long guildId, String stored) {
        try {
            return cipher.decrypt(stored, keyContext(guildId));
        } catch (KeyCipher.DecryptionException e) {
            throw new UncheckedStoreException(new StoreException(StoreException.Kind.KEY_MISMATCH,
                    "The stored API key of guild " + guildId + " cannot be decrypted: " + e.getMessage() + ". "
                            + KEY_MISMATCH_MESSAGE));
        }
    }

    // ----- rotation ------------------------------------------------------------------------------

    /**
     * {@code rotate-key}: re-encrypts every stored API key and the canary from {@code current} to
     * {@code next} in one transaction. When anything fails (a wrong current key, a key that does
     * not decrypt, the database) nothing is changed.
     *
     * @return how many API keys were re-encrypted
     */
    static int rotate(Db db, KeyCipher current, KeyCipher next) throws StoreException {
        return unwrap(() -> db.transaction("re-encrypting the stored API keys", connection -> {
            String canary = canary(connection, db.dialect(), true);
            if (canary != null) {
                requireCanary(current, canary);
            }
            Map<Long, String> stored = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT guild_id, api_key_enc FROM guild_settings ORDER BY guild_id" + db.dialect().forUpdate());
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getLong(1), rows.getString(2));
                }
            }
            // Row by row; a key that does not decrypt ends the transaction, and the rows already
            // re-encrypted are rolled back with it.
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE guild_settings SET api_key_enc = ? WHERE guild_id = ?")) {
                for (Map.Entry<Long, String> row : stored.entrySet()) {
                    long guildId = row.getKey();
                    update.setString(1, next.encrypt(decryptKey(current, guildId, row.getValue()), keyContext(guildId)));
                    update.setLong(2, guildId);
                    if (update.executeUpdate() != 1) {
                        throw new SQLException("guild " + guildId + "'s row vanished during the rotation");
                    }
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO store_meta (name, value)"
                    + " VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                upsert.setString(1, CANARY);
                upsert.setString(2, next.encrypt(CANARY_TEXT, CANARY_CONTEXT));
                upsert.executeUpdate();
            }
            return stored.size();
        }));
    }

    // ----- GuildSetups ---------------------------------------------------------------------------

    @Override
    public Optional<GuildSetup> find(long guildId) throws StoreException {
        return unwrap(() -> db.run("reading guild " + guildId + "'s settings", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM guild_settings WHERE guild_id = ?")) {
                select.setLong(1, guildId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.<GuildSetup>empty();
                }
            }
        }));
    }

    @Override
    public void save(GuildSetup setup) throws StoreException {
        String encrypted = cipher.encrypt(setup.apiKey().reveal(), keyContext(setup.guildId()));
        long now = clock.millis();
        unwrap(() -> db.transaction("storing guild " + setup.guildId() + "'s settings", connection -> {
            // Under the canary's share lock: a rotate-key running elsewhere waits for us, or we see its new key.
            String canary = canary(connection, db.dialect(), false);
            if (canary != null) {
                requireCanary(cipher, canary);
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO guild_settings (" + COLUMNS
                    + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
                    + " community_id = excluded.community_id, api_key_enc = excluded.api_key_enc,"
                    + " api_version = excluded.api_version, view_role_ids = excluded.view_role_ids,"
                    + " edit_role_ids = excluded.edit_role_ids, deploy_role_ids = excluded.deploy_role_ids,"
                    + " announce_channel_id = excluded.announce_channel_id,"
                    + " audit_channel_id = excluded.audit_channel_id, plan = excluded.plan,"
                    + " verified_at = excluded.verified_at, left_at = excluded.left_at,"
                    + " updated_at = excluded.updated_at")) {
                upsert.setLong(1, setup.guildId());
                upsert.setString(2, setup.communityId());
                upsert.setString(3, encrypted);
                upsert.setString(4, setup.apiVersion().name().toLowerCase(Locale.ROOT));
                upsert.setString(5, ids(setup.viewRoleIds()));
                upsert.setString(6, ids(setup.editRoleIds()));
                upsert.setString(7, ids(setup.deployRoleIds()));
                Db.setNullableLong(upsert, 8, boxed(setup.announceChannelId()));
                Db.setNullableLong(upsert, 9, boxed(setup.auditChannelId()));
                upsert.setString(10, setup.plan());
                upsert.setLong(11, setup.verifiedAt().toEpochMilli());
                Db.setNullableLong(upsert, 12, setup.leftAt() == null ? null : setup.leftAt().toEpochMilli());
                upsert.setLong(13, now);
                upsert.executeUpdate();
            }
            return null;
        }));
    }

    @Override
    public List<GuildSetup> all() throws StoreException {
        return unwrap(() -> db.run("reading every guild's settings", connection -> {
            List<GuildSetup> setups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM guild_settings ORDER BY guild_id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    setups.add(read(rows));
                }
            }
            return setups;
        }));
    }

    @Override
    public int count() throws StoreException {
        return db.run("counting the guilds set up", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM guild_settings");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    @Override
    public boolean forget(long guildId, boolean withHistory) throws StoreException {
        String community = GuildSetup.storeCommunity(guildId);
        return db.transaction("forgetting guild " + guildId, connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM guild_settings WHERE guild_id = ?")) {
                delete.setLong(1, guildId);
                deleted = delete.executeUpdate();
            }
            if (withHistory) {
                // revision_servers before revisions (its rows point at them); revisions that revert
                // others of the same community go in the same statement, so the reference holds.
                for (String table : List.of("revision_servers", "revisions", "open_previews", "deploy_gates",
                        "known_lists")) {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + table + " WHERE community = ?")) {
                        delete.setString(1, community);
                        deleted += delete.executeUpdate();
                    }
                }
            }
            return deleted > 0;
        });
    }

    @Override
    public void markLeft(long guildId, Instant when) throws StoreException {
        db.run("marking guild " + guildId + " as left", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE guild_settings SET left_at = ? WHERE guild_id = ? AND left_at IS NULL")) {
                update.setLong(1, when.toEpochMilli());
                update.setLong(2, guildId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void markPresent(long guildId) throws StoreException {
        db.run("marking guild " + guildId + " as present", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE guild_settings SET left_at = NULL WHERE guild_id = ? AND left_at IS NOT NULL")) {
                update.setLong(1, guildId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<Long> purgeLeftBefore(Instant cutoff) throws StoreException {
        return db.run("deleting the settings of guilds that left", connection -> {
            List<Long> purged = new ArrayList<>();
            // One statement: a guild that re-invites the bot meanwhile (markPresent) is either gone or kept whole.
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM guild_settings WHERE left_at IS NOT NULL AND left_at < ? RETURNING guild_id")) {
                delete.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rows = delete.executeQuery()) {
                    while (rows.next()) {
                        purged.add(rows.getLong(1));
                    }
                }
            }
            purged.sort(null);
            return purged;
        });
    }

    private GuildSetup read(ResultSet rows) throws SQLException {
        long guildId = rows.getLong("guild_id");
        Secret apiKey = Secret.of(decryptKey(cipher, guildId, rows.getString("api_key_enc")));
        Long announce = Db.nullableLong(rows, "announce_channel_id");
        Long audit = Db.nullableLong(rows, "audit_channel_id");
        Long left = Db.nullableLong(rows, "left_at");
        return new GuildSetup(guildId, rows.getString("community_id"), apiKey,
                ApiVersion.valueOf(rows.getString("api_version").toUpperCase(Locale.ROOT)),
                parseIds(rows.getString("view_role_ids")), parseIds(rows.getString("edit_role_ids")),
                parseIds(rows.getString("deploy_role_ids")),
                announce == null ? OptionalLong.empty() : OptionalLong.of(announce),
                audit == null ? OptionalLong.empty() : OptionalLong.of(audit),
                rows.getString("plan"), Instant.ofEpochMilli(rows.getLong("verified_at")),
                left == null ? null : Instant.ofEpochMilli(left));
    }

    /** Role ids as stored: sorted, comma-separated, {@code ""} for none. */
    static String ids(Set<Long> ids) {
        return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    static Set<Long> parseIds(String stored) {
        if (stored == null || stored.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(stored.split(",")).map(Long::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    /** A store call whose {@link UncheckedStoreException} (thrown inside a transaction to roll it back) comes out checked. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    private static <T> T unwrap(StoreCall<T> call) throws StoreException {
        try {
            return call.call();
        } catch (UncheckedStoreException e) {
            throw e.getCause();
        }
    }
}
