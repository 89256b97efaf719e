package livemapbot.store;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Waits until a store whose database came back answers again. After a long outage the connection
 * pool retries with a growing back-off (up to a few seconds between attempts), so "works again
 * without a restart" means: within seconds, not at the very instant the database returns.
 */
public final class StoreRecovery {
    private StoreRecovery() {
    }

    /** Returns once {@code store} answers a query; fails after {@code patience}. */
    public static void awaitAnswers(Store store, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                store.revisions().count("store-recovery-probe", OptionalInt.empty());
                return;
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store did not answer again within " + patience, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
