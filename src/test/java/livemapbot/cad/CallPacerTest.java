package livemapbot.cad;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallPacerTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Sleeper sleeper = d -> nanos.addAndGet(d.toNanos());

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void tenCallsAMinuteThenTheEleventhWaitsForTheOldestToLeaveTheWindow() {
        CallPacer pacer = new CallPacer(10, Duration.ofMinutes(1), Duration.ofMinutes(1), nanos::get, sleeper);
        for (int i = 0; i < 10; i++) {
            assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS).taken());
            advance(Duration.ofSeconds(1));
        }
        CallPacer.Slot refused = pacer.tryReserve(CadOperation.LIST_SERVERS);
        assertFalse(refused.taken());
        assertEquals(Duration.ofSeconds(50), refused.delay());
        advance(Duration.ofSeconds(50));
        assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS).taken());
    }

    @Test
    void endpointsArePacedSeparately() {
        CallPacer pacer = new CallPacer(1, Duration.ofSeconds(1), Duration.ofSeconds(5), nanos::get, sleeper);
        assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS).taken());
        assertTrue(pacer.tryReserve(CadOperation.REPLACE_SERVERS).taken());
        assertEquals(Duration.ofSeconds(1), pacer.tryReserve(CadOperation.LIST_SERVERS).delay());
    }

    @Test
    void operationsMappedToOneEndpointShareItsLimit() {
        CallPacer pacer = new CallPacer(2, Duration.ofMinutes(1), Duration.ofMinutes(1), nanos::get, sleeper,
                op -> op == CadOperation.REPLACE_SERVERS ? CadOperation.LIST_SERVERS : op);
        assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS).taken());
        assertTrue(pacer.tryReserve(CadOperation.REPLACE_SERVERS).taken());
        assertTrue(pacer.tryReserve(CadOperation.GET_VERSION).taken());
        assertEquals(Duration.ofMinutes(1), pacer.tryReserve(CadOperation.REPLACE_SERVERS).delay());
    }

    /** Issue 8: "reserve the pacing for both before the read": read and write slots, all or none. */
    @Test
    void aReadAndItsWriteAreReservedTogetherOrNotAtAll() {
        CallPacer pacer = new CallPacer(10, Duration.ofMinutes(1), Duration.ofMinutes(1), nanos::get, sleeper,
                op -> op == CadOperation.REPLACE_SERVERS ? CadOperation.LIST_SERVERS : op);
        for (int i = 0; i < 9; i++) {
            assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS).taken());
            advance(Duration.ofSeconds(1));
        }
        // One slot left: enough for the read, not for read and write.
        CallPacer.Slot both = pacer.tryReserve(CadOperation.LIST_SERVERS, CadOperation.REPLACE_SERVERS);
        assertFalse(both.taken());
        assertEquals(Duration.ofSeconds(51), both.delay(), "until the oldest start leaves the window");
        assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS).taken(), "the refused pair recorded nothing");

        advance(Duration.ofSeconds(52));
        assertTrue(pacer.tryReserve(CadOperation.LIST_SERVERS, CadOperation.REPLACE_SERVERS).taken());
    }

    @Test
    void anUnusedReservedSlotIsGivenBack() {
        CallPacer pacer = new CallPacer(1, Duration.ofSeconds(1), Duration.ofSeconds(5), nanos::get, sleeper);
        CallPacer.Slot slot = pacer.tryReserve(CadOperation.LIST_SERVERS, CadOperation.REPLACE_SERVERS);
        assertTrue(slot.taken());
        assertFalse(pacer.tryReserve(CadOperation.REPLACE_SERVERS).taken());
        pacer.release(CadOperation.REPLACE_SERVERS, slot.at());
        assertTrue(pacer.tryReserve(CadOperation.REPLACE_SERVERS).taken());
    }

    @Test
    void aReservedSlotCountsFromWhenItIsUsed() {
        CallPacer pacer = new CallPacer(1, Duration.ofSeconds(10), Duration.ofSeconds(15), nanos::get, sleeper);
        CallPacer.Slot slot = pacer.tryReserve(CadOperation.LIST_SERVERS, CadOperation.REPLACE_SERVERS);
        advance(Duration.ofSeconds(3));
        pacer.restamp(CadOperation.REPLACE_SERVERS, slot.at());
        advance(Duration.ofSeconds(8));
        // 11 s after the reservation but 8 s after the write went out: still inside its window.
        assertEquals(Duration.ofSeconds(2), pacer.tryReserve(CadOperation.REPLACE_SERVERS).delay());
    }

    @Test
    void aWaitLongerThanAllowedIsRefusedWithTheWait() {
        CallPacer pacer = new CallPacer(1, Duration.ofMinutes(1), Duration.ofSeconds(15), nanos::get, sleeper);
        CadException e = pacer.refusal(CadOperation.REPLACE_SERVERS, Duration.ofMinutes(1));
        assertEquals(CadException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMinutes(1), e.retryAfter().orElseThrow());
        assertTrue(e.userMessage().contains("60 s"), e.userMessage());
        assertThrows(IllegalArgumentException.class,
                () -> pacer.tryReserve(CadOperation.LIST_SERVERS, CadOperation.LIST_SERVERS));
    }
}
