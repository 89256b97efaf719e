package livemapbot.cad;

import livemapbot.testing.MutableClock;
import livemapbot.testing.RecordingExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12: the plan is read at start-up and at most hourly, asynchronously; a failed lookup never blocks. */
class PlanWatchTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingExecutor workers = new RecordingExecutor();
    private final AtomicInteger lookups = new AtomicInteger();
    private final Deque<Object> answers = new ArrayDeque<>();
    private final PlanWatch watch = new PlanWatch(() -> {
        lookups.incrementAndGet();
        Object next = answers.removeFirst();
        if (next instanceof CadException e) {
            throw e;
        }
        return (CadPlan) next;
    }, clock, Duration.ofHours(1));

    @Test
    void aLookupRunsOnTheWorkersNotTheCaller() {
        answers.add(CadPlan.ofLevel(2));
        var first = watch.refreshIfDue(workers);
        assertEquals(0, lookups.get(), "nothing called on the caller's thread");
        assertEquals(Optional.empty(), watch.known(), "not known before the lookup ran");
        workers.runAll();
        assertEquals(Optional.of(CadPlan.ofLevel(2)), first.join());
        assertEquals(Optional.of(CadPlan.ofLevel(2)), watch.known());
    }

    @Test
    void atMostOneLookupAnHour() {
        answers.add(CadPlan.ofLevel(3));
        answers.add(CadPlan.ofLevel(2));
        watch.refreshIfDue(workers);
        workers.runAll();
        clock.advance(Duration.ofMinutes(59));
        watch.refreshIfDue(workers);
        workers.runAll();
        assertEquals(1, lookups.get());
        clock.advance(Duration.ofMinutes(1));
        watch.refreshIfDue(workers);
        workers.runAll();
        assertEquals(2, lookups.get());
        assertEquals(CadPlan.STANDARD, watch.known().orElseThrow().level(), "a downgrade is noticed");
    }

    @Test
    void aFailedLookupForgetsThePlanSoItNeverBlocksACommand() {
        answers.add(new CadException(CadException.Kind.UNAVAILABLE, "down", "timeout"));
        watch.refreshIfDue(workers);
        workers.runAll();
        assertEquals(Optional.empty(), watch.known(), "unknown: nothing is refused");

        answers.add(CadPlan.ofLevel(3));
        answers.add(new CadException(CadException.Kind.UNAVAILABLE, "down", "timeout"));
        clock.advance(Duration.ofHours(1));
        watch.refreshIfDue(workers);
        workers.runAll();
        clock.advance(Duration.ofHours(1));
        watch.refreshIfDue(workers);
        workers.runAll();
        assertEquals(3, lookups.get());
        // "A plan lookup that fails never blocks a command": a Standard plan read once must not keep
        // refusing /setmap while the lookups fail; unknown means allowed, Sonoran's answer decides.
        assertEquals(Optional.empty(), watch.known());
    }

    @Test
    void aRefusingPoolStartsNothingAndTheNextCallTriesAgain() {
        var refused = watch.refreshIfDue(command -> {
            throw new RejectedExecutionException("full");
        });
        assertEquals(Optional.empty(), refused.join());
        answers.add(CadPlan.ofLevel(4));
        watch.refreshIfDue(workers);
        workers.runAll();
        assertEquals(1, lookups.get());
        assertTrue(watch.known().orElseThrow().canChangeServers());
    }

    @Test
    void planTextsNameWhatThePlanAllowsAndWhereToUpgrade() {
        assertTrue(CadPlan.ofLevel(2).allows().contains("reading servers only"));
        assertTrue(CadPlan.ofLevel(2).changeRefusal().contains("Plus or higher"));
        assertTrue(CadPlan.ofLevel(2).changeRefusal().contains(CadPlan.UPGRADE_WHERE));
        assertTrue(CadPlan.ofLevel(1).viewRefusal().contains("Standard or higher"));
        assertFalse(CadPlan.ofLevel(3).allows().contains("needs"));
    }
}
