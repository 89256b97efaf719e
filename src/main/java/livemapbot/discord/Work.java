package livemapbot.discord;

import livemapbot.cad.CadBudget;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import livemapbot.cad.Abandonable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command's work for the worker pool, with what to tell the member if the pool drops it
 * unrun at shutdown: the interaction is already deferred, and without an answer it would show
 * "thinking" until Discord gives up on it.
 */
public final class Work implements Runnable, Abandonable {
    private static final Logger LOG = LoggerFactory.getLogger(Work.class);

    private final Runnable task;
    private final Runnable onAbandon;

    private Work(Runnable task, Runnable onAbandon) {
        this.task = task;
        this.onAbandon = onAbandon;
    }

    public static Work of(Runnable task, Runnable onAbandon) {
        return new Work(task, onAbandon);
    }

    /**
     * Runs {@code task} on {@code workers}. When the pool refuses it (full, or shutting down) or
     * drops it unrun at shutdown, {@code unavailable} is given the sentence that says why instead,
     * for the member who is waiting on a deferred answer. The task's Sonoran budget counts from
     * {@code clickedNanos} ({@link CadBudget#runForCommand}).
     */
    public static void submit(ExecutorService workers, long clickedNanos, Runnable task, Consumer<String> unavailable) {
        try {
            workers.execute(of(() -> CadBudget.runForCommand(clickedNanos, task),
                    () -> unavailable.accept(Replies.RESTARTING)));
        } catch (RejectedExecutionException e) {
            Dispatch.mark(workers.isShutdown() ? livemapbot.metrics.BotMetrics.CommandOutcome.RESTARTING
                    : livemapbot.metrics.BotMetrics.CommandOutcome.BUSY);
            unavailable.accept(Replies.workersUnavailable(workers));
        }
    }

    @Override
    public void run() {
        task.run();
    }

    @Override
    public void abandon() {
        try {
            onAbandon.run();
        } catch (RuntimeException e) {
            LOG.warn("could not tell a member that their command was dropped at shutdown", e);
        }
    }
}
