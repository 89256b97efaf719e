package livemapbot.audit;

import livemapbot.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The audit file: one JSON line per write attempt (format in {@link AuditJson}), plus a summary
 * on the SLF4J logger {@code audit} and a notification to listeners (the Discord audit channel).
 *
 * <ul>
 *   <li>The file is opened for each record and closed again. Records are human-paced (a few an
 *       hour), and reopening means a log rotation that moves the file, or an operator who deletes
 *       it, never leaves the bot writing into a file nobody reads.</li>
 *   <li>Each line is written with one append and then {@code FileChannel.force(false)} before
 *       {@link #record} returns: the record is the evidence that a CAD write happened, and it is
 *       written just before staff are told so, so it must survive a crash or power loss right
 *       after. {@code force(false)} (fdatasync) persists the bytes and the file length needed to
 *       read them; the timestamps it skips are not worth a second journal write.</li>
 *   <li>One writer at a time (a lock), so lines never interleave inside this process.</li>
 *   <li>Listeners run after the file write, outside the lock, on the caller's thread; a listener
 *       that throws is logged and ignored: posting to Discord must never fail the record.</li>
 * </ul>
 */
public final class AuditLog implements AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** The operator-facing audit logger; its name is part of the logging configuration contract. */
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final Path path;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final List<Consumer<AuditRecord>> listeners = new CopyOnWriteArrayList<>();

    public AuditLog(Path path) {
        this.path = path.toAbsolutePath();
    }

    public static AuditLog from(Settings settings) {
        return new AuditLog(settings.auditPath());
    }

    public Path path() {
        return path;
    }

    /** Called with every record after it has been written (or failed to be); may be added at any time. */
    public void addListener(Consumer<AuditRecord> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<AuditRecord> listener) {
        listeners.remove(listener);
    }

    @Override
    public void record(AuditRecord record) throws IOException {
        String summary = summary(record);
        try {
            append(AuditJson.toLine(record) + "\n");
        } catch (IOException e) {
            // The line is lost from the file; keep it in the log so the operator still has it.
            AUDIT.error("NOT WRITTEN to {}: {}", path, summary);
            LOG.error("cannot write the audit file {}: {}", path, e.toString());
            notifyListeners(record);
            throw e;
        }
        AUDIT.info(summary);
        notifyListeners(record);
    }

    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        writeLock.lock();
        try {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(false);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void notifyListeners(AuditRecord record) {
        for (Consumer<AuditRecord> listener : listeners) {
            try {
                listener.accept(record);
            } catch (RuntimeException e) {
                LOG.warn("audit listener {} failed; the record is in the file", listener, e);
            }
        }
    }

    /** One line for the log: who did what to which server, and how it ended. */
    static String summary(AuditRecord record) {
        String changes = record.changes().stream()
                .map(c -> c.field() + " '" + oneLine(c.before()) + "' -> '" + oneLine(c.after()) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        return record.action()
                + " by " + oneLine(record.memberName()) + " (" + Long.toUnsignedString(record.memberId()) + ")"
                + " server=" + (record.serverId() == null ? "all" : "#" + record.serverId())
                + " deploy=" + record.deploy()
                + " outcome=" + record.outcome()
                + (record.changes().isEmpty() ? "" : " changes=" + changes);
    }

    /** Keeps a CAD value or a member name from forging extra log lines. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
