package livemapbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Every change to a community's server list, one row each, numbered in the order recorded.
 * Queried per community (a revision of another community is never returned, whatever its number).
 */
public final class Revisions {
    private static final String COLUMNS = "r.id, r.created_at, r.community, r.member_id, r.member_name, r.source,"
            + " r.before_json, r.after_json, r.deploy, r.outcome, r.note, r.reverts, r.import_key, r.before_index";

    private final Db db;

    Revisions(Db db) {
        this.db = db;
    }

    /** Records {@code revision} (row and server ids in one transaction) and returns its number. */
    public long append(NewRevision revision) throws StoreException {
        return db.transaction("recording a revision", connection -> insert(connection, revision, null)
                .orElseThrow(() -> new SQLException("the insert returned no id")));
    }

    /**
     * Inserts on {@code connection}; with an {@code importKey} a row already imported under it is
     * left alone (empty result).
     */
    static Optional<Long> insert(Connection connection, NewRevision revision, String importKey) throws SQLException {
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO revisions (community, created_at,"
                + " member_id, member_name, source, before_json, after_json, deploy, outcome, note, reverts, import_key,"
                + " before_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + (importKey == null ? "" : " ON CONFLICT (import_key) DO NOTHING") + " RETURNING id")) {
            insert.setString(1, revision.community());
            insert.setLong(2, revision.time().toEpochMilli());
            Db.setNullableLong(insert, 3, revision.memberId());
            insert.setString(4, revision.memberName());
            insert.setString(5, revision.source().dbValue());
            insert.setString(6, revision.beforeJson());
            insert.setString(7, revision.afterJson());
            insert.setBoolean(8, revision.deploy());
            insert.setString(9, revision.outcome().dbValue());
            insert.setString(10, revision.note());
            Db.setNullableLong(insert, 11, revision.reverts());
            if (importKey == null) {
                insert.setNull(12, Types.VARCHAR);
            } else {
                insert.setString(12, importKey);
            }
            if (revision.beforeIndex() == null) {
                insert.setNull(13, Types.INTEGER);
            } else {
                insert.setInt(13, revision.beforeIndex());
            }
            try (ResultSet rows = insert.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                id = rows.getLong(1);
            }
        }
        if (!revision.serverIds().isEmpty()) {
            try (PreparedStatement servers = connection.prepareStatement(
                    "INSERT INTO revision_servers (revision_id, community, server_id) VALUES (?, ?, ?)")) {
                for (int serverId : revision.serverIds().stream().distinct().toList()) {
                    servers.setLong(1, id);
                    servers.setString(2, revision.community());
                    servers.setInt(3, serverId);
                    servers.addBatch();
                }
                servers.executeBatch();
            }
        }
        return Optional.of(id);
    }

    /**
     * How a change recorded before its write (outcome {@code outcome_unknown}) ended: sets its
     * outcome, entries, position and note. A change whose ending could not be recorded (the
     * database went down during the write) keeps {@code outcome_unknown}, which is the truth.
     *
     * @return false when no revision {@code id} of {@code community} exists
     */
    public boolean settle(String community, long id, RevisionOutcome outcome, String beforeJson, String afterJson,
            Integer beforeIndex, boolean deploy, String note) throws StoreException {
        return db.run("recording how a change ended", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE revisions SET outcome = ?,"
                    + " before_json = ?, after_json = ?, before_index = ?, deploy = ?, note = ?"
                    + " WHERE community = ? AND id = ?")) {
                update.setString(1, outcome.dbValue());
                update.setString(2, beforeJson);
                update.setString(3, afterJson);
                if (beforeIndex == null) {
                    update.setNull(4, Types.INTEGER);
                } else {
                    update.setInt(4, beforeIndex);
                }
                update.setBoolean(5, deploy);
                update.setString(6, note);
                update.setString(7, community);
                update.setLong(8, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** The revision numbered {@code id} if it belongs to {@code community}. */
    public Optional<Revision> get(String community, long id) throws StoreException {
        return db.run("reading revision " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM revisions r WHERE r.community = ? AND r.id = ?")) {
                select.setString(1, community);
                select.setLong(2, id);
                List<Revision> found = read(connection, select);
                return found.stream().findFirst();
            }
        });
    }

    /**
     * One page of {@code community}'s revisions, newest first (by time, then number).
     *
     * @param serverId only those that touched this server (whole-list deploys are left out); empty = all
     * @param offset   how many newer ones to skip
     * @param limit    at most this many
     */
    public List<Revision> newestFirst(String community, OptionalInt serverId, int offset, int limit)
            throws StoreException {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
        return db.run("reading the history", connection -> {
            String sql = "SELECT " + COLUMNS + " FROM revisions r"
                    + (serverId.isPresent()
                    ? " JOIN revision_servers s ON s.revision_id = r.id AND s.community = r.community AND s.server_id = ?"
                    : "")
                    + " WHERE r.community = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                if (serverId.isPresent()) {
                    select.setInt(i++, serverId.getAsInt());
                }
                select.setString(i++, community);
                select.setInt(i++, limit);
                select.setInt(i, offset);
                return read(connection, select);
            }
        });
    }

    /** How many revisions {@code community} has (touching {@code serverId}, when given). */
    public long count(String community, OptionalInt serverId) throws StoreException {
        return db.run("counting the history", connection -> {
            String sql = serverId.isPresent()
                    ? "SELECT count(*) FROM revision_servers WHERE community = ? AND server_id = ?"
                    : "SELECT count(*) FROM revisions WHERE community = ?";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, community);
                if (serverId.isPresent()) {
                    select.setInt(2, serverId.getAsInt());
                }
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static List<Revision> read(Connection connection, PreparedStatement select) throws SQLException {
        Map<Long, Revision> byId = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long id = rows.getLong("id");
                byId.put(id, new Revision(id, Instant.ofEpochMilli(rows.getLong("created_at")),
                        rows.getString("community"), Db.nullableLong(rows, "member_id"), rows.getString("member_name"),
                        RevisionSource.fromDb(rows.getString("source")), List.of(), rows.getString("before_json"),
                        rows.getString("after_json"), rows.getBoolean("deploy"),
                        RevisionOutcome.fromDb(rows.getString("outcome")), rows.getString("note"),
                        Db.nullableLong(rows, "reverts"), rows.getString("import_key") != null,
                        nullableInt(rows, "before_index")));
            }
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Integer>> servers = new HashMap<>();
        String marks = byId.keySet().stream().map(id -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement serverSelect = connection.prepareStatement("SELECT revision_id, server_id FROM"
                + " revision_servers WHERE revision_id IN (" + marks + ") ORDER BY revision_id, server_id")) {
            int i = 1;
            for (long id : byId.keySet()) {
                serverSelect.setLong(i++, id);
            }
            try (ResultSet rows = serverSelect.executeQuery()) {
                while (rows.next()) {
                    servers.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>()).add(rows.getInt(2));
                }
            }
        }
        List<Revision> result = new ArrayList<>(byId.size());
        for (Revision r : byId.values()) {
            result.add(new Revision(r.id(), r.time(), r.community(), r.memberId(), r.memberName(), r.source(),
                    servers.getOrDefault(r.id(), List.of()), r.beforeJson(), r.afterJson(), r.deploy(), r.outcome(),
                    r.note(), r.reverts(), r.imported(), r.beforeIndex()));
        }
        return result;
    }

    private static Integer nullableInt(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }
}
