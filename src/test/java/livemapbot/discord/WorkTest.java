package livemapbot.discord;

import livemapbot.metrics.BotMetrics.CommandOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README "Metrics and health": a command the workers refuse is counted {@code busy} (or
 * {@code restarting} at shutdown), and the member is told why.
 */
class WorkTest {

    @Test
    void aFullPoolIsCountedBusyAndSaid() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        try {
            pool.execute(() -> {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            pool.execute(() -> { });
            List<String> said = new ArrayList<>();
            Dispatch.begin();
            Work.submit(pool, System.nanoTime(), () -> { }, said::add);
            assertEquals(CommandOutcome.BUSY, Dispatch.end());
            assertEquals(1, said.size());
        } finally {
            hold.countDown();
            pool.shutdown();
        }
    }

    @Test
    void aPoolShuttingDownIsCountedRestarting() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        pool.shutdown();
        List<String> said = new ArrayList<>();
        Dispatch.begin();
        Work.submit(pool, System.nanoTime(), () -> { }, said::add);
        assertEquals(CommandOutcome.RESTARTING, Dispatch.end());
        assertTrue(!said.isEmpty());
    }
}
