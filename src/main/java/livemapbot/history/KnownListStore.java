package livemapbot.history;

import livemapbot.cad.ServerList;

import java.util.Optional;

/**
 * The last server list the bot knows per community, kept where a restart (and a second process
 * sharing the database) finds it. Implemented by the store; {@code src/test} has an in-memory one.
 *
 * <p>Methods may throw a {@link RuntimeException} when the store cannot be reached; the drift
 * watch then skips that check and tries again at the next interval.
 */
public interface KnownListStore {
    /**
     * A stored list and its version, which every successful {@link #compareAndSet} raises.
     * The list's {@link ServerList#readAt()} is when that list was read (or written by the bot).
     */
    record Known(ServerList list, long version) {
    }

    /** Nothing stored yet is version 0. */
    long NONE = 0;

    Optional<Known> load(String community);

    /**
     * Stores {@code newList} if the stored version is still {@code expectedVersion} ({@link #NONE}
     * when nothing is stored yet), atomically: of two processes that saw the same version, one wins
     * and the other gets false. That is what makes two processes report one drift once.
     */
    boolean compareAndSet(String community, long expectedVersion, ServerList newList);
}
