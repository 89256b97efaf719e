package livemapbot.history;

import livemapbot.cad.ServerList;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link KnownListStore} in memory; share one instance between two watches to play two processes. */
final class InMemoryKnownListStore implements KnownListStore {
    private final Map<String, Known> lists = new HashMap<>();
    private int compareAndSets;
    private RuntimeException failure;
    private Runnable beforeNextCompareAndSet;

    @Override
    public synchronized Optional<Known> load(String community) {
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(lists.get(community));
    }

    @Override
    public synchronized boolean compareAndSet(String community, long expectedVersion, ServerList newList) {
        if (failure != null) {
            throw failure;
        }
        Runnable hook = beforeNextCompareAndSet;
        beforeNextCompareAndSet = null;
        if (hook != null) {
            hook.run();
        }
        compareAndSets++;
        Known current = lists.get(community);
        long version = current == null ? NONE : current.version();
        if (version != expectedVersion) {
            return false;
        }
        lists.put(community, new Known(newList, version + 1));
        return true;
    }

    synchronized Optional<ServerList> list(String community) {
        return Optional.ofNullable(lists.get(community)).map(Known::list);
    }

    synchronized int compareAndSets() {
        return compareAndSets;
    }

    /** Runs {@code hook} inside the next compare-and-set, before it compares: another process getting in between. */
    synchronized void beforeNextCompareAndSet(Runnable hook) {
        beforeNextCompareAndSet = hook;
    }

    /** Every call fails with {@code e} until cleared with null. */
    synchronized void failWith(RuntimeException e) {
        failure = e;
    }
}
