package livemapbot.history;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {
    @Test
    void theExecutorAdapterRunsATaskAndCancelsAnother() throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        try {
            Scheduler scheduler = Scheduler.of(executor);
            Scheduler.Scheduled later = scheduler.schedule(() -> { }, Duration.ofHours(1));
            assertEquals(1, executor.getQueue().size());
            later.cancel();
            assertEquals(0, executor.getQueue().size(), "a cancelled check is gone, not left to run");

            CountDownLatch ran = new CountDownLatch(1);
            scheduler.schedule(ran::countDown, Duration.ZERO);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }
}
