package livemapbot.e2e;

import livemapbot.history.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The drift watch's scheduler for end-to-end tests: a task with a delay (the next check) waits
 * until {@link #elapse} says its interval has passed, so a test does not wait minutes; a task
 * without delay (the hop back after a read) runs at once. Tasks run on one thread of its own, like
 * production's.
 */
final class StepScheduler implements Scheduler, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "drift-step");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> waiting = new ArrayList<>();

    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        if (delay.isZero()) {
            thread.execute(task);
            return () -> { };
        }
        waiting.add(task);
        notifyAll();
        return () -> {
            synchronized (StepScheduler.this) {
                waiting.remove(task);
            }
        };
    }

    /** One interval passes: the check that was waiting runs; returns once the next one is scheduled (it is done). */
    void elapseAndAwaitCheck(Duration timeout) throws InterruptedException {
        List<Runnable> due;
        synchronized (this) {
            awaitWaiting(timeout);
            due = new ArrayList<>(waiting);
            waiting.clear();
        }
        due.forEach(thread::execute);
        synchronized (this) {
            awaitWaiting(timeout);
        }
    }

    private void awaitWaiting(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (waiting.isEmpty()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no drift check was scheduled within " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Returns once every task handed to the scheduler's thread so far has run. */
    void awaitIdle(Duration timeout) throws Exception {
        thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many checks wait for an interval to pass. */
    synchronized int waiting() {
        return waiting.size();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
