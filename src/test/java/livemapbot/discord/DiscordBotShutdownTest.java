package livemapbot.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestRateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The order of {@link DiscordBot#shutdown}: refuse, let work finish, let its replies go out, then disconnect. */
class DiscordBotShutdownTest {
    private final JDA jda = mock(JDA.class);
    private final RestRateLimiter limiter = mock(RestRateLimiter.class);
    private final PendingRestCalls pending = new PendingRestCalls(limiter);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final DiscordBot bot = new DiscordBot(jda, new CommandRouter(1L, List.of()), workers, pending);

    DiscordBotShutdownTest() throws InterruptedException {
        when(jda.awaitShutdown(any(Duration.class))).thenReturn(true);
        when(jda.awaitShutdown(org.mockito.ArgumentMatchers.anyLong(), any(TimeUnit.class))).thenReturn(true);
    }

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    private static RestRateLimiter.Work work(AtomicBoolean done) {
        RestRateLimiter.Work work = mock(RestRateLimiter.Work.class);
        when(work.isDone()).thenAnswer(i -> done.get());
        return work;
    }

    @Test
    void disconnectsOnlyAfterRunningWorkAndItsQueuedReply() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean replySent = new AtomicBoolean();
        workers.execute(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pending.enqueue(work(replySent)); // the worker's last step: a queued hook edit
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> bot.shutdown(Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!bot.isShuttingDown() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // poll, without burning a shared core
        }
        assertTrue(bot.isShuttingDown());
        verify(jda, never()).shutdown(); // the worker is still held

        release.countDown();
        assertTrue(workers.awaitTermination(5, TimeUnit.SECONDS));
        verify(jda, after(300).never()).shutdown(); // its reply is still queued

        replySent.set(true);
        verify(jda, timeout(5000)).shutdown();
        closing.get(5, TimeUnit.SECONDS);
        verify(jda, never()).shutdownNow();
    }

    @Test
    void workThatOverstaysTheGraceIsInterruptedAndTheBotStillDisconnects() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        workers.execute(() -> {
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });

        bot.shutdown(Duration.ofMillis(100));

        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        InOrder order = inOrder(jda);
        order.verify(jda).shutdown();
        order.verify(jda).awaitShutdown(any(Duration.class));
    }

    @Test
    void aSecondShutdownDoesNothing() {
        bot.shutdown(Duration.ofSeconds(1));
        bot.shutdown(Duration.ofSeconds(1));
        bot.close();
        verify(jda).shutdown();
    }

    @Test
    void pendingCountsOnlyUnfinishedCalls() throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        RestRateLimiter.Work work = work(done);
        pending.enqueue(work);
        verify(limiter).enqueue(any(RestRateLimiter.Work.class));
        assertFalse(pending.awaitIdle(Duration.ofMillis(100)));
        done.set(true);
        assertTrue(pending.awaitIdle(Duration.ofSeconds(1)));
    }

    /**
     * Issue 8: only unfinished calls are kept. Every REST call JDA queued used to stay referenced
     * until {@code count()} ran at shutdown (≈ 25 KB each: a bot out of heap in weeks). A call the
     * limiter has finished with, whatever the outcome (answered, failed, retried then answered,
     * skipped, cancelled, thrown), must be collectable without anyone calling {@code count()}.
     */
    @Test
    void finishedCallsAreLetGoWithoutCount() {
        SendingLimiter sending = new SendingLimiter();
        PendingRestCalls tracked = new PendingRestCalls(sending);
        List<WeakReference<RestRateLimiter.Work>> calls = new ArrayList<>();
        for (Outcome outcome : List.of(Outcome.ANSWERED, Outcome.RATE_LIMITED_ONCE, Outcome.SKIPPED, Outcome.THROWS)) {
            calls.add(enqueue(tracked, outcome));
        }
        sending.sendAll();
        calls.add(enqueue(tracked, Outcome.CANCELLED));
        sending.cancelRequests(); // what JDA does at shutdownNow()
        RestRateLimiter.Work stillQueued = new FakeWork(Outcome.ANSWERED);
        tracked.enqueue(stillQueued);

        for (int i = 0; i < 10 && calls.stream().anyMatch(c -> c.get() != null); i++) {
            System.gc();
        }
        for (WeakReference<RestRateLimiter.Work> call : calls) {
            FakeWork work = (FakeWork) call.get();
            assertNull(work, () -> work.outcome + ": a finished call is still held");
        }
        assertEquals(1, tracked.count(), "the call not yet sent is still counted");
    }

    private static WeakReference<RestRateLimiter.Work> enqueue(PendingRestCalls tracked, Outcome outcome) {
        FakeWork work = new FakeWork(outcome);
        tracked.enqueue(work);
        return new WeakReference<>(work);
    }

    private enum Outcome { ANSWERED, RATE_LIMITED_ONCE, SKIPPED, CANCELLED, THROWS }

    /** A plain call (no mock: Mockito would remember it) that ends the way its outcome says. */
    private static final class FakeWork implements RestRateLimiter.Work {
        private final Outcome outcome;
        private int attempts;
        private boolean done;
        private boolean cancelled;

        FakeWork(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public net.dv8tion.jda.api.requests.Route.CompiledRoute getRoute() {
            return null;
        }

        @Override
        public JDA getJDA() {
            return null;
        }

        @Override
        public okhttp3.Response execute() {
            attempts++;
            if (outcome == Outcome.THROWS) {
                throw new IllegalStateException("boom");
            }
            done = outcome != Outcome.RATE_LIMITED_ONCE || attempts > 1;
            return null;
        }

        @Override
        public boolean isSkipped() {
            return outcome == Outcome.SKIPPED || cancelled;
        }

        @Override
        public boolean isDone() {
            return done || isSkipped();
        }

        @Override
        public boolean isPriority() {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Sends queued calls the way JDA's bucket does: skip, execute, retry what is not done; cancel on request. */
    private static final class SendingLimiter implements RestRateLimiter {
        private final Deque<Work> queue = new ArrayDeque<>();

        @Override
        public void enqueue(Work task) {
            queue.add(task);
        }

        void sendAll() {
            while (!queue.isEmpty()) {
                Work work = queue.poll();
                if (work.isSkipped()) {
                    continue;
                }
                try {
                    work.execute();
                    if (!work.isDone()) {
                        queue.addFirst(work);
                    }
                } catch (RuntimeException e) {
                    // JDA logs it and drops the call
                }
            }
        }

        @Override
        public void stop(boolean shutdown, Runnable callback) {
        }

        @Override
        public boolean isStopped() {
            return false;
        }

        @Override
        public int cancelRequests() {
            int cancelled = queue.size();
            queue.forEach(Work::cancel);
            queue.clear();
            return cancelled;
        }
    }

    @Test
    void queuedWorkDroppedAtTheDeadlineIsToldBeforeDisconnecting() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        DiscordBot oneWorker = new DiscordBot(jda, new CommandRouter(1L, List.of()), single, pending);
        CountDownLatch started = new CountDownLatch(1);
        single.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // overstays the grace period until interrupted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean told = new AtomicBoolean();
        InOrder order = inOrder(jda);
        single.execute(Work.of(() -> ran.set(true), () -> {
            told.set(true);
            order.verify(jda, never()).shutdown(); // still connected while the member is told
        }));

        oneWorker.shutdown(Duration.ofMillis(200));

        assertFalse(ran.get());
        assertTrue(told.get());
        verify(jda).shutdown();
    }
}
