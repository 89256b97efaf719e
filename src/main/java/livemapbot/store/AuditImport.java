package livemapbot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.audit.AuditJson;
import livemapbot.audit.AuditRecord;
import livemapbot.cad.FieldChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Import on upgrade: the first start with a store copies the audit file ({@code audit.path},
 * format in {@link AuditJson}) into revisions, so a community upgrading loses no history.
 *
 * <p>Once per community: the store remembers it was done (in the same transaction as the rows),
 * because from then on the bot records every change in both places and a second import would
 * count them twice. Each imported row also carries a key made from its line (a hash, plus which
 * occurrence of an identical line it is), so even an import that runs twice at once, from two
 * processes sharing PostgreSQL, adds each line once. Lines that are not audit records are skipped
 * and counted. An audit line has only the changed fields, so an imported revision's before/after
 * hold just those (as a JSON object of field → value) and it is marked {@link Revision#imported()}.
 */
public final class AuditImport {
    private static final Logger LOG = LoggerFactory.getLogger(AuditImport.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REPORTED_BAD_LINES = 5;

    /**
     * What an import did.
     *
     * @param imported     revisions added
     * @param alreadyThere lines whose revision an earlier (interrupted or concurrent) import added
     * @param skipped      lines that are not audit records
     * @param alreadyDone  the community's import had been done before: nothing was read
     */
    public record Result(Path file, int imported, int alreadyThere, int skipped, boolean alreadyDone) {
        /** One sentence for the log. */
        public String summary() {
            if (alreadyDone) {
                return "the audit file was imported into the store before; not read again";
            }
            return "imported " + imported + (imported == 1 ? " audit record" : " audit records") + " from " + file
                    + " into the store (" + alreadyThere + " already there, " + skipped + " unreadable "
                    + (skipped == 1 ? "line" : "lines") + " skipped)";
        }
    }

    private AuditImport() {
    }

    /** Imports {@code auditFile} into {@code community}'s revisions unless that was done before; logs the result. */
    public static Result importOnce(Store store, Path auditFile, String community) throws StoreException {
        String marker = "audit-import:" + community;
        Result result = store.db().transaction("importing the audit file", connection -> {
            if (meta(connection, marker) != null) {
                return new Result(auditFile, 0, 0, 0, true);
            }
            Result done = importLines(connection, auditFile, community);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, marker);
                insert.setString(2, Instant.now() + " " + done.summary());
                insert.executeUpdate();
            }
            return done;
        });
        LOG.info("store: {}", result.summary());
        return result;
    }

    private static Result importLines(Connection connection, Path file, String community) throws SQLException {
        int imported = 0;
        int alreadyThere = 0;
        int skipped = 0;
        List<Integer> badLines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                AuditRecord record;
                try {
                    record = AuditJson.fromLine(line);
                } catch (RuntimeException e) {
                    skipped++;
                    if (badLines.size() < MAX_REPORTED_BAD_LINES) {
                        badLines.add(number);
                    }
                    continue;
                }
                String hash = sha256(community + "\n" + line);
                int occurrence = seen.merge(hash, 1, Integer::sum);
                if (Revisions.insert(connection, revision(record, community, file), "audit:" + hash + ":" + occurrence)
                        .isPresent()) {
                    imported++;
                } else {
                    alreadyThere++;
                }
            }
        } catch (NoSuchFileException e) {
            return new Result(file, 0, 0, 0, false);
        } catch (IOException e) {
            throw new SQLException("cannot read the audit file " + file + ": " + e.getMessage(), e);
        }
        if (!badLines.isEmpty()) {
            LOG.warn("store: {} line(s) of {} are not audit records and were not imported (line {}{})", skipped, file,
                    badLines.get(0), badLines.size() > 1 ? " and others: " + badLines : "");
        }
        return new Result(file, imported, alreadyThere, skipped, false);
    }

    /** The revision an audit record stands for. */
    static NewRevision revision(AuditRecord record, String community, Path file) {
        RevisionOutcome outcome = RevisionOutcome.fromAudit(record.outcome());
        String note = "imported from " + file.getFileName() + " (" + record.action() + ", outcome " + record.outcome()
                + "; only the changed fields are known)";
        return new NewRevision(record.time(), community, record.memberId(), record.memberName(), RevisionSource.BOT,
                record.serverId() == null ? List.of() : List.of(record.serverId()),
                fields(record.changes(), true), fields(record.changes(), false), record.deploy(), outcome, note, null);
    }

    private static String fields(List<FieldChange> changes, boolean before) {
        if (changes.isEmpty()) {
            return null;
        }
        ObjectNode object = MAPPER.createObjectNode();
        for (FieldChange change : changes) {
            object.put(change.field(), before ? change.before() : change.after());
        }
        try {
            return MAPPER.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ObjectNode of strings always serializes", e);
        }
    }

    private static String meta(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM store_meta WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
