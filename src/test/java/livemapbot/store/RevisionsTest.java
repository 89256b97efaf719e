package livemapbot.store;

import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revisions: every change one row, JSON kept byte for byte, read back newest first per community. */
class RevisionsTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    /**
     * An entry as the CAD might send it: a field the bot does not know, odd spacing, escapes,
     * non-ASCII, an emoji, a number written as 1.50 and a duplicate key; a parser and printer would
     * change every one of these.
     */
    static final String ODD_ENTRY = "{ \"id\":2,\"name\":\"Main \\u00e9 City \u2713 \uD83D\uDE93\",\n"
            + "\t\"mapIp\":\"10.0.0.1\",  \"unknownField\":{\"nested\":[1, 2.50, null, true]},"
            + "\"weight\":1.50e1,\"name\":\"dup\",\"quote\":\"a\\\"b\\\\c\\/d\" }";

    @TempDir
    Path dir;

    private static NewRevision bot(String community, Instant time, List<Integer> servers, String before, String after) {
        return new NewRevision(time, community, 123_456_789_012_345_678L, "Ann", RevisionSource.BOT, servers,
                before, after, false, RevisionOutcome.APPLIED, null, null);
    }

    /** History needs where the server stood in the list, to put a removed one back in its place. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theServersPositionBeforeTheChangeIsKept(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            long placed = store.revisions().append(new NewRevision(T0, "c1", 1L, "Ann", RevisionSource.BOT, List.of(3),
                    "{\"id\":3}", null, false, RevisionOutcome.APPLIED, null, null, 2));
            long unknown = store.revisions().append(bot("c1", T0, List.of(3), "{\"id\":3}", "{\"id\":3}"));

            assertEquals(2, store.revisions().get("c1", placed).orElseThrow().beforeIndex());
            assertNull(store.revisions().get("c1", unknown).orElseThrow().beforeIndex());
        }
    }

    /**
     * A change is recorded before its write (outcome_unknown), and settled after: the row then says
     * how it ended, with the entries and position the write actually met.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aChangeRecordedBeforeItsWriteIsSettledWithHowItEnded(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            long id = store.revisions().append(new NewRevision(T0, "c1", 1L, "Ann", RevisionSource.BOT, List.of(3),
                    "{\"id\":3}", "{\"id\":3,\"a\":1}", true, RevisionOutcome.OUTCOME_UNKNOWN, "write under way",
                    null));

            assertTrue(store.revisions().settle("c1", id, RevisionOutcome.APPLIED, "{\"id\":3,\"b\":0}",
                    "{\"id\":3,\"a\":1,\"b\":0}", 1, false, null));
            assertFalse(store.revisions().settle("c2", id, RevisionOutcome.FAILED, null, null, null, false, "x"));

            Revision settled = store.revisions().get("c1", id).orElseThrow();
            assertEquals(RevisionOutcome.APPLIED, settled.outcome());
            assertEquals("{\"id\":3,\"b\":0}", settled.beforeJson());
            assertEquals("{\"id\":3,\"a\":1,\"b\":0}", settled.afterJson());
            assertEquals(1, settled.beforeIndex());
            assertFalse(settled.deploy());
            assertNull(settled.note());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theJsonBeforeAndAfterComesBackByteForByteUnknownFieldsIncluded(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            String after = ODD_ENTRY.replace("10.0.0.1", "10.0.0.2");
            long id = store.revisions().append(new NewRevision(T0, "c1", 42L, "Ann \"the\" Admin", RevisionSource.BOT,
                    List.of(2), ODD_ENTRY, after, true, RevisionOutcome.OUTCOME_UNKNOWN, "timed out", null));

            Revision read = store.revisions().get("c1", id).orElseThrow();

            assertEquals(ODD_ENTRY, read.beforeJson());
            assertEquals(after, read.afterJson());
            assertEquals(T0, read.time());
            assertEquals(42L, read.memberId());
            assertEquals("Ann \"the\" Admin", read.memberName());
            assertEquals(RevisionSource.BOT, read.source());
            assertEquals(List.of(2), read.serverIds());
            assertTrue(read.deploy());
            assertEquals(RevisionOutcome.OUTCOME_UNKNOWN, read.outcome());
            assertEquals("timed out", read.note());
            assertNull(read.reverts());
            assertFalse(read.imported());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void outsideChangesHaveNoMemberAndRollbacksPointAtWhatTheyUndid(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            long outside = store.revisions().append(new NewRevision(T0, "c1", null, null, RevisionSource.OUTSIDE,
                    List.of(1, 3), "[{\"id\":1},{\"id\":3}]", null, false, RevisionOutcome.APPLIED, null, null));
            long rollback = store.revisions().append(new NewRevision(T0.plusSeconds(60), "c1", 7L, "Bob",
                    RevisionSource.ROLLBACK, List.of(3, 1), null, "[{\"id\":1},{\"id\":3}]", false,
                    RevisionOutcome.APPLIED, null, outside));

            Revision seen = store.revisions().get("c1", outside).orElseThrow();
            Revision undo = store.revisions().get("c1", rollback).orElseThrow();

            assertNull(seen.memberId());
            assertNull(seen.memberName());
            assertEquals(RevisionSource.OUTSIDE, seen.source());
            assertNull(seen.afterJson());
            assertEquals(RevisionSource.ROLLBACK, undo.source());
            assertEquals(outside, undo.reverts());
            assertEquals(List.of(1, 3), undo.serverIds());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void newestFirstPagedPerCommunityAndServer(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            Revisions revisions = store.revisions();
            long[] ids = new long[5];
            for (int i = 0; i < 5; i++) {
                // Server 1 on even minutes, server 2 on odd ones.
                ids[i] = revisions.append(bot("c1", T0.plusSeconds(60L * i), List.of(1 + i % 2), "{}", "{}"));
            }
            long deploy = revisions.append(new NewRevision(T0.plusSeconds(600), "c1", 1L, "Ann", RevisionSource.BOT,
                    List.of(), null, null, true, RevisionOutcome.APPLIED, null, null));
            long otherCommunity = revisions.append(bot("c2", T0.plusSeconds(900), List.of(1), "{}", "{}"));

            assertEquals(List.of(deploy, ids[4], ids[3]), ids(revisions.newestFirst("c1", OptionalInt.empty(), 0, 3)));
            assertEquals(List.of(ids[2], ids[1], ids[0]), ids(revisions.newestFirst("c1", OptionalInt.empty(), 3, 3)));
            assertEquals(List.of(), revisions.newestFirst("c1", OptionalInt.empty(), 6, 3));
            assertEquals(List.of(ids[4], ids[2], ids[0]), ids(revisions.newestFirst("c1", OptionalInt.of(1), 0, 10)));
            assertEquals(List.of(ids[3], ids[1]), ids(revisions.newestFirst("c1", OptionalInt.of(2), 0, 10)));
            assertEquals(6, revisions.count("c1", OptionalInt.empty()));
            assertEquals(3, revisions.count("c1", OptionalInt.of(1)));
            assertEquals(1, revisions.count("c2", OptionalInt.empty()));
            // A number of another community's revision is not found from this one.
            assertTrue(revisions.get("c1", otherCommunity).isEmpty());
            assertEquals(List.of(otherCommunity), ids(revisions.newestFirst("c2", OptionalInt.empty(), 0, 10)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void revisionsSurviveARestart(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            long id;
            try (Store store = database.open()) {
                id = store.revisions().append(bot("c1", T0, List.of(1), ODD_ENTRY, "{}"));
            }
            try (Store store = database.open()) {
                assertEquals(ODD_ENTRY, store.revisions().get("c1", id).orElseThrow().beforeJson());
            }
        }
    }

    private static List<Long> ids(List<Revision> revisions) {
        return revisions.stream().map(Revision::id).toList();
    }
}
