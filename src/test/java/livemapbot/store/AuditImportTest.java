package livemapbot.store;

import livemapbot.audit.AuditJson;
import livemapbot.audit.AuditRecord;
import livemapbot.cad.FieldChange;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 9: "the first start with a store imports an existing data/audit.jsonl into revisions (idempotent)". */
class AuditImportTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final AuditRecord SET = new AuditRecord(Instant.parse("2025-05-01T10:00:00Z"),
            1_234_567_890_123_456_789L, "Ann", "setmap", 3,
            List.of(new FieldChange("enableMap", "Map enabled", "false", "true"),
                    new FieldChange("mapIp", "Map IP", "10.0.0.1", "10.0.0.2")), false, "success");
    private static final AuditRecord DEPLOY = new AuditRecord(Instant.parse("2025-05-01T11:00:00Z"), 42L, "Bob",
            "deploymap", null, List.of(), true, "rate_limited");
    private static final AuditRecord CONFLICT = new AuditRecord(Instant.parse("2025-05-01T12:00:00Z"), 42L, "Bob",
            "setmap", 1, List.of(new FieldChange("listenerPort", null, "3000", "3001")), false, "conflict");

    @TempDir
    Path dir;

    private Path auditFile(String... lines) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theAuditFileBecomesRevisionsOnceAndOnlyOnce(Kind kind) throws Exception {
        // The same line twice is two records (two identical changes in one millisecond): both kept.
        Path file = auditFile(AuditJson.toLine(SET), AuditJson.toLine(DEPLOY), "{not json", "",
                AuditJson.toLine(CONFLICT), AuditJson.toLine(CONFLICT));
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            AuditImport.Result first = AuditImport.importOnce(store, file, "c1");

            assertEquals(4, first.imported());
            assertEquals(1, first.skipped());
            assertEquals("imported 4 audit records from " + file + " into the store (0 already there,"
                    + " 1 unreadable line skipped)", first.summary());
            assertEquals(4, store.revisions().count("c1", OptionalInt.empty()));

            Revision set = store.revisions().newestFirst("c1", OptionalInt.of(3), 0, 10).get(0);
            assertEquals(SET.time(), set.time());
            assertEquals(SET.memberId(), set.memberId());
            assertEquals("Ann", set.memberName());
            assertEquals(RevisionSource.BOT, set.source());
            assertEquals(RevisionOutcome.APPLIED, set.outcome());
            assertEquals("{\"enableMap\":\"false\",\"mapIp\":\"10.0.0.1\"}", set.beforeJson());
            assertEquals("{\"enableMap\":\"true\",\"mapIp\":\"10.0.0.2\"}", set.afterJson());
            assertTrue(set.imported());
            Revision deploy = store.revisions().newestFirst("c1", OptionalInt.empty(), 2, 1).get(0);
            assertEquals(List.of(), deploy.serverIds());
            assertTrue(deploy.deploy());
            assertEquals(RevisionOutcome.FAILED, deploy.outcome());
            assertTrue(deploy.note().contains("deploymap, outcome rate_limited"), deploy.note());
            assertNull(deploy.beforeJson());

            // The bot now writes both the file and the store: a second start must not read the file again.
            Files.writeString(file, AuditJson.toLine(SET) + "\n", StandardOpenOption.APPEND);
            AuditImport.Result second = AuditImport.importOnce(store, file, "c1");

            assertTrue(second.alreadyDone());
            assertEquals(4, store.revisions().count("c1", OptionalInt.empty()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aLineImportedBeforeIsNotAddedAgainEvenWhenTheMarkerIsMissing(Kind kind) throws Exception {
        Path file = auditFile(AuditJson.toLine(SET), AuditJson.toLine(CONFLICT), AuditJson.toLine(CONFLICT));
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store store = database.open()) {
                assertEquals(3, AuditImport.importOnce(store, file, "c1").imported());
            }
            // As if a concurrent import (another process on PostgreSQL) had added the rows but not the marker.
            try (Connection connection = DriverManager.getConnection(database.settings().url(), TestDatabase.user(),
                    TestDatabase.password()); Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM store_meta");
            }
            try (Store store = database.open()) {
                AuditImport.Result again = AuditImport.importOnce(store, file, "c1");

                assertEquals(0, again.imported());
                assertEquals(3, again.alreadyThere());
                assertEquals(3, store.revisions().count("c1", OptionalInt.empty()));
                // Another community importing the same file gets rows of its own.
                assertEquals(3, AuditImport.importOnce(store, file, "c2").imported());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void withoutAnAuditFileTheImportIsDoneAndAFileThatAppearsLaterIsNotImported(Kind kind) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            AuditImport.Result none = AuditImport.importOnce(store, file, "c1");
            assertEquals(0, none.imported());
            assertFalse(none.alreadyDone());

            auditFile(AuditJson.toLine(SET));

            assertTrue(AuditImport.importOnce(store, file, "c1").alreadyDone());
            assertEquals(0, store.revisions().count("c1", OptionalInt.empty()));
        }
    }

    /** Two processes sharing PostgreSQL start at the same moment on an upgrade: each line becomes one revision. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void twoProcessesImportingAtOnceAddEachLineOnce(Kind kind) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(AuditJson.toLine(new AuditRecord(SET.time().plusSeconds(i), SET.memberId(), "Ann", "setmap", i % 7,
                    SET.changes(), false, "success")));
        }
        Path file = auditFile(lines.toArray(String[]::new));
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            List<Store> stores = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                stores.add(database.open());
                stores.add(kind == Kind.POSTGRESQL ? database.open() : stores.get(0));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<AuditImport.Result>> imports = new ArrayList<>();
                for (Store store : stores) {
                    Callable<AuditImport.Result> run = () -> {
                        start.await();
                        return AuditImport.importOnce(store, file, "c1");
                    };
                    imports.add(pool.submit(run));
                }
                start.countDown();
                int imported = 0;
                for (Future<AuditImport.Result> result : imports) {
                    imported += result.get().imported();
                }

                assertEquals(200, imported);
                assertEquals(200, stores.get(1).revisions().count("c1", OptionalInt.empty()));
            } finally {
                pool.shutdownNow();
                for (Store store : stores) {
                    store.close();
                }
            }
        }
    }
}
