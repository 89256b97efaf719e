package livemapbot.history;

import livemapbot.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Scheduler} that runs nothing by itself: {@link #runNext} moves the clock to the next task and runs it. */
final class ManualScheduler implements Scheduler {
    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    private final class Task implements Scheduled {
        final Runnable runnable;
        final Instant due;
        final Duration delay;
        final long order = sequence++;

        Task(Runnable runnable, Duration delay) {
            this.runnable = runnable;
            this.delay = delay;
            this.due = clock.instant().plus(delay);
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                tasks.remove(this);
            }
        }
    }

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        Task t = new Task(task, delay);
        tasks.add(t);
        return t;
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** The delay the next task was scheduled with. */
    synchronized Duration nextDelay() {
        return next().delay;
    }

    private Task next() {
        return tasks.stream().min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order))
                .orElseThrow(() -> new AssertionError("nothing scheduled"));
    }

    /** Advances the clock to the next task's time and runs it; returns its delay. */
    Duration runNext() {
        Task task;
        synchronized (this) {
            task = next();
            tasks.remove(task);
        }
        Duration ahead = Duration.between(clock.instant(), task.due);
        if (!ahead.isNegative()) {
            clock.advance(ahead);
        }
        task.runnable.run();
        return task.delay;
    }

    /** Runs tasks due without advancing the clock (hops onto the scheduler), until none is due now. */
    void runDue() {
        while (true) {
            Task task;
            synchronized (this) {
                if (tasks.isEmpty() || next().due.isAfter(clock.instant())) {
                    return;
                }
                task = next();
                tasks.remove(task);
            }
            task.runnable.run();
        }
    }
}
