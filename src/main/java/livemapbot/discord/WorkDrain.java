package livemapbot.discord;

import livemapbot.cad.Abandonable;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The first step of a graceful shutdown, shared by the single-guild bot and the sharded one: in-flight CAD work
 * (a write and its audit record) may finish for up to the grace period; work still queued after it is dropped and
 * its members are told (while JDA can still send it), and the interrupted workers get a moment to send their
 * error replies.
 */
final class WorkDrain {
    private static final Duration INTERRUPTED_WORK_DRAIN = Duration.ofSeconds(2);

    private WorkDrain() {
    }

    /** Logs through the caller's logger, so the lines keep the name operators know. */
    static void drain(ExecutorService workers, Duration grace, Logger log) throws InterruptedException {
        workers.shutdown();
        log.info("shutting down: no new commands; waiting up to {} ms for work in progress", grace.toMillis());
        if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            List<Runnable> dropped = workers.shutdownNow();
            log.warn("in-flight work did not finish within {} ms; stopping anyway ({} queued task(s) dropped)",
                    grace.toMillis(), dropped.size());
            // Their members are told, while JDA can still send it.
            dropped.stream().filter(Abandonable.class::isInstance).map(Abandonable.class::cast)
                    .forEach(Abandonable::abandon);
            // Let the interrupted workers send their error replies before JDA stops taking requests.
            workers.awaitTermination(INTERRUPTED_WORK_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
