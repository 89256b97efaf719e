package livemapbot.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.audit.RecordUnavailableException;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail with revisions (issue 9): a revision exists before the write, and is settled
 * with the audit line in the same step; an applied write becomes the known list.
 */
class StoreAuditTrailTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private final List<AuditRecord> lines = new ArrayList<>();
    private final AuditTrail file = lines::add;

    private static ServerEntry entry(String json) throws Exception {
        return ServerEntry.fromJson(new ObjectMapper().readTree(json));
    }

    private static AuditRecord record(String outcome) {
        return new AuditRecord(NOW, 7L, "Ann", "setmap", 2, List.of(), false, outcome);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theRevisionIsThereBeforeTheWriteAndSettledWithTheAuditLine(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            StoreAuditTrail trail = new StoreAuditTrail(file, store, "c1", Clock.fixed(NOW, ZoneOffset.UTC));
            ServerEntry before = entry("{\"id\":2,\"name\":\"Two\",\"x\":[1]}");
            ServerEntry after = entry("{\"id\":2,\"name\":\"Deux\",\"x\":[1]}");

            AuditTrail.Attempt attempt = trail.begin(new AuditTrail.PlannedChange(7L, "Ann", 2, before, after, false));

            Revision pending = store.revisions().newestFirst("c1", OptionalInt.of(2), 0, 1).get(0);
            assertEquals(RevisionOutcome.OUTCOME_UNKNOWN, pending.outcome(), "recorded before the write");
            assertEquals("write under way", pending.note());
            assertEquals(0, lines.size(), "the audit line comes with the ending");

            ServerList list = new ServerList(List.of(entry("{\"id\":1}"), after), NOW);
            attempt.end(record("success"), new AuditTrail.Written(before, after, 1, list));

            Revision settled = store.revisions().get("c1", pending.id()).orElseThrow();
            assertEquals(RevisionOutcome.APPLIED, settled.outcome());
            assertEquals("{\"id\":2,\"name\":\"Two\",\"x\":[1]}", settled.beforeJson());
            assertEquals("{\"id\":2,\"name\":\"Deux\",\"x\":[1]}", settled.afterJson());
            assertEquals(1, settled.beforeIndex());
            assertNull(settled.note());
            assertEquals(1, lines.size());
            assertEquals(list, store.knownLists().load("c1").orElseThrow().list(), "the bot's write is the known list");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aConflictIsSettledAsNotWrittenAndTheKnownListStaysAsItWas(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            StoreAuditTrail trail = new StoreAuditTrail(file, store, "c1", Clock.fixed(NOW, ZoneOffset.UTC));
            ServerEntry before = entry("{\"id\":2,\"name\":\"Two\"}");
            trail.begin(new AuditTrail.PlannedChange(7L, "Ann", 2, before, entry("{\"id\":2,\"name\":\"Deux\"}"), false))
                    .end(record("conflict"), null);
            trail.begin(new AuditTrail.PlannedChange(7L, "Ann", 2, before, entry("{\"id\":2,\"name\":\"Drei\"}"), false))
                    .end(record("unavailable"), null);

            List<Revision> revisions = store.revisions().newestFirst("c1", OptionalInt.of(2), 0, 5);
            Revision failed = revisions.get(0);
            Revision conflict = revisions.get(1);
            assertEquals(RevisionOutcome.CONFLICT, conflict.outcome());
            assertNull(conflict.afterJson(), "nothing written");
            assertEquals("{\"id\":2,\"name\":\"Two\"}", conflict.beforeJson());
            assertEquals(RevisionOutcome.FAILED, failed.outcome());
            assertEquals("unavailable", failed.note());
            assertTrue(store.knownLists().load("c1").isEmpty());
            assertEquals(2, lines.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aStoreThatIsGoneRefusesTheChangeBeforeTheWrite(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            Store store = database.open();
            StoreAuditTrail trail = new StoreAuditTrail(file, store, "c1", Clock.fixed(NOW, ZoneOffset.UTC));
            store.close();

            assertThrows(RecordUnavailableException.class, () -> trail.begin(
                    new AuditTrail.PlannedChange(7L, "Ann", 2, entry("{\"id\":2}"), entry("{\"id\":2,\"a\":1}"), false)));
            assertEquals(0, lines.size());
        }
    }

    /** The audit file failing does not stop the revision from being settled; the caller still hears of it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void anAuditFileFailureStillSettlesTheRevision(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            AuditTrail broken = r -> {
                throw new IOException("disk full");
            };
            StoreAuditTrail trail = new StoreAuditTrail(broken, store, "c1", Clock.fixed(NOW, ZoneOffset.UTC));
            AuditTrail.Attempt attempt = trail.begin(new AuditTrail.PlannedChange(7L, "Ann", null, null, null, true));
            ServerList list = new ServerList(List.of(entry("{\"id\":1}")), NOW);

            assertThrows(IOException.class, () -> attempt.end(
                    new AuditRecord(NOW, 7L, "Ann", "deploymap", null, List.of(), true, "success"),
                    new AuditTrail.Written(null, null, null, list)));

            Revision deploy = store.revisions().newestFirst("c1", OptionalInt.empty(), 0, 1).get(0);
            assertEquals(RevisionOutcome.APPLIED, deploy.outcome());
            assertEquals("[{\"id\":1}]", deploy.afterJson(), "a deploy records the whole list");
            assertEquals(List.of(), deploy.serverIds());
        }
    }
}
