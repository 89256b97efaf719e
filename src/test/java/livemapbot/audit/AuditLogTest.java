package livemapbot.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import livemapbot.cad.FieldChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {
    @TempDir
    Path dir;

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        cleanup.forEach(Runnable::run);
    }

    private static AuditRecord record(long memberId, String outcome) {
        return new AuditRecord(Instant.parse("2025-01-02T03:04:05Z"), memberId, "Member " + memberId, "setmap", 2,
                List.of(new FieldChange("mapType", "Map type", "NORMAL", "POSTAL")), false, outcome);
    }

    @Test
    void createsParentDirectoriesAndFlushesBeforeReturning() throws IOException {
        Path file = dir.resolve("a/b/audit.jsonl");
        AuditLog log = new AuditLog(file);

        log.record(record(1, "success"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        assertEquals(record(1, "success"), AuditJson.fromLine(lines.get(0)));
    }

    @Test
    void appendsAndKeepsExistingContent() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n", StandardCharsets.UTF_8);
        AuditLog log = new AuditLog(file);

        log.record(record(1, "success"));
        log.record(record(2, "conflict"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of("{\"earlier\":true}", AuditJson.toLine(record(1, "success")),
                AuditJson.toLine(record(2, "conflict"))), lines);
    }

    /** Issue 8: a torn last line (a crash mid-write) must not swallow the next record. */
    @Test
    void aTornLastLineGetsItsNewlineBeforeTheNextRecord() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n{\"torn\":tr", StandardCharsets.UTF_8);
        AuditLog log = new AuditLog(file);

        log.record(record(1, "success"));
        log.record(record(2, "success"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of("{\"earlier\":true}", "{\"torn\":tr", AuditJson.toLine(record(1, "success")),
                AuditJson.toLine(record(2, "success"))), lines);
    }

    /** Issue 8: creating the file fsyncs its directory (and the directories created for it), once. */
    @Test
    void theDirectoriesAreSyncedWhenTheFileIsCreated() throws IOException {
        Path file = dir.resolve("a/b/audit.jsonl");
        List<Path> synced = new CopyOnWriteArrayList<>();
        AuditLog log = new AuditLog(file, synced::add);

        log.record(record(1, "success"));
        assertEquals(List.of(dir.resolve("a/b").toAbsolutePath(), dir.resolve("a").toAbsolutePath(),
                dir.toAbsolutePath()), synced, "the new entries: audit.jsonl in b, b in a, a in dir");

        log.record(record(2, "success"));
        assertEquals(3, synced.size(), "appending to an existing file syncs no directory");
    }

    @Test
    void theRealDirectorySyncWorksOnThisPlatform() throws IOException {
        Path file = dir.resolve("audit.jsonl");

        new AuditLog(file).record(record(1, "success"));

        assertEquals(1, Files.readAllLines(file, StandardCharsets.UTF_8).size());
    }

    @Test
    void concurrentRecordsAreEachAnIntactLine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = new AuditLog(file);
        int threads = 8;
        int perThread = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    log.record(record(thread * 1000L + i, "success"));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(threads * perThread, lines.size());
        Set<Long> members = new HashSet<>();
        for (String line : lines) {
            members.add(AuditJson.fromLine(line).memberId());
        }
        assertEquals(threads * perThread, members.size(), "every record exactly once");
    }

    @Test
    void failingListenerDoesNotFailTheRecordNorStopOtherListeners() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        log.addListener(r -> {
            throw new IllegalStateException("discord is down");
        });
        log.addListener(seen::add);

        log.record(record(7, "success"));

        assertEquals(List.of(record(7, "success")), seen);
        assertEquals(1, Files.readAllLines(dir.resolve("audit.jsonl")).size());
    }

    @Test
    void summaryGoesToTheAuditLogger() throws IOException {
        ListAppender<ILoggingEvent> appender = attach("audit");
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));

        log.record(record(99, "success"));

        assertEquals(1, appender.list.size());
        String message = appender.list.get(0).getFormattedMessage();
        assertTrue(message.contains("setmap"), message);
        assertTrue(message.contains("Member 99 (99)"), message);
        assertTrue(message.contains("server=#2"), message);
        assertTrue(message.contains("outcome=success"), message);
        assertTrue(message.contains("mapType 'NORMAL' -> 'POSTAL'"), message);
    }

    @Test
    void unwritableFileThrowsButStillLogsAndNotifies() throws IOException {
        Path file = dir.resolve("is-a-directory");
        Files.createDirectory(file);
        ListAppender<ILoggingEvent> appender = attach("audit");
        AuditLog log = new AuditLog(file);
        List<AuditRecord> seen = new CopyOnWriteArrayList<>();
        log.addListener(seen::add);

        assertThrows(IOException.class, () -> log.record(record(5, "success")));

        assertEquals(1, seen.size());
        assertTrue(appender.list.get(0).getFormattedMessage().startsWith("NOT WRITTEN"));
    }

    private ListAppender<ILoggingEvent> attach(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level previous = logger.getLevel();
        // Capture whatever the test logging config's level is (it is quiet on purpose).
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.addAppender(appender);
        cleanup.add(() -> {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        });
        return appender;
    }
}
