package livemapbot.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One bot process per SQLite file: an exclusive lock on a sibling {@code FILE.lock}, held for as
 * long as the store is open. The operating system lets go of it when the process ends, however it
 * ends, so a crash never leaves a stale lock. The file holds the owner's process id for the
 * message a second process prints. (SQLite's own locking would let two processes take turns, but
 * the in-process locks the store relies on would not hold across them.)
 */
final class SqliteFileLock implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteFileLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock for {@code database}, or says who holds it. */
    static SqliteFileLock acquire(Path database) throws StoreException {
        Path path = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.NOT_WRITABLE, "Cannot create the lock file " + path
                    + " next to the store (" + e.getClass().getSimpleName() + "): let the bot's user ("
                    + System.getProperty("user.name") + ") write in " + path.getParent()
                    + ", or point store.url at another file.", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException(StoreException.Kind.NOT_WRITABLE,
                    "Cannot lock " + path + " (" + e.getMessage() + ").", e);
        }
        if (lock == null) {
            String owner = owner(path);
            closeQuietly(channel);
            throw new StoreException(StoreException.Kind.IN_USE, "The store " + database + " is in use by another"
                    + " livemap-bot process" + owner + ". One process owns an SQLite file: stop the other one first,"
                    + " or use PostgreSQL (store.url=jdbc:postgresql://…) to run several.");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
        } catch (IOException e) {
            // The pid is only for the message a second process prints; the lock itself is held.
        }
        return new SqliteFileLock(path, channel, lock);
    }

    private static String owner(Path path) {
        try {
            String pid = Files.readString(path, StandardCharsets.US_ASCII).strip();
            if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
                return " (this same process has it open already)";
            }
            return pid.matches("\\d{1,10}") ? " (process id " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to do: the lock goes with the channel.
        }
    }
}
