package livemapbot.audit;

import livemapbot.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
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
 *   <li>Before appending, the file's last byte is checked: a line torn by a crash mid-write (no
 *       final newline) gets its newline first, so it cannot swallow the next record.</li>
 *   <li>When the append creates the file (or its directories), the directories concerned are
 *       fsynced too: without that, a crash can lose the new file's directory entry, and with it
 *       the record that was just forced.</li>
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
    private final DirectorySync directorySync;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final List<Consumer<AuditRecord>> listeners = new CopyOnWriteArrayList<>();

    public AuditLog(Path path) {
        this(path, AuditLog::fsyncDirectory);
    }

    AuditLog(Path path, DirectorySync directorySync) {
        this.path = path.toAbsolutePath();
        this.directorySync = directorySync;
    }

    /** Makes a directory's entries durable (fsync on the directory); tests record the calls. */
    interface DirectorySync {
        void sync(Path directory) throws IOException;
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
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            Path parent = path.getParent();
            Path existingAncestor = parent;
            while (existingAncestor != null && !Files.isDirectory(existingAncestor)) {
                existingAncestor = existingAncestor.getParent();
            }
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean created = !Files.exists(path);
            boolean torn = !created && !endsInNewline();
            try (FileChannel channel = open(created)) {
                ByteBuffer buffer = ByteBuffer.wrap(torn ? withNewlineFirst(bytes) : bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            if (created) {
                // The new file's entry, and those of the directories just created, up to the one that existed.
                for (Path dir = parent; dir != null; dir = dir.getParent()) {
                    directorySync.sync(dir);
                    if (dir.equals(existingAncestor)) {
                        break;
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Opens the file for appending; {@code create} says whether to create it (false if it appeared meanwhile). */
    private FileChannel open(boolean create) throws IOException {
        if (create) {
            try {
                return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            } catch (FileAlreadyExistsException e) {
                // Created by someone else between the check and the open: then it is theirs to sync.
            }
        }
        return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Whether the file is empty or its last byte is a newline (else the last line was torn). */
    private boolean endsInNewline() throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private static byte[] withNewlineFirst(byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = '\n';
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its file system orders this itself.
            LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
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
