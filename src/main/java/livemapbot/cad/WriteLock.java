package livemapbot.cad;

/**
 * Keeps other bot processes out of a read-modify-write of the community's server list, for as
 * long as it runs. {@link ServerDirectory} already serializes its own threads; this is for
 * several processes sharing one database (the store's PostgreSQL advisory lock). The cad layer
 * only knows this interface: the store implements it, and {@link #NONE} (one process, or no
 * store) lets the work run as it is.
 */
public interface WriteLock {

    /** Work done while holding the lock. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws CadException;
    }

    /**
     * Runs {@code work} while holding the lock.
     *
     * @throws CadException the work's own, or {@link CadException.Kind#UNAVAILABLE} when the lock
     *                      cannot be taken (then {@code work} has not run and nothing was written)
     */
    <T> T around(Work<T> work) throws CadException;

    /** No other process to keep out. */
    WriteLock NONE = new WriteLock() {
        @Override
        public <T> T around(Work<T> work) throws CadException {
            return work.run();
        }
    };
}
