package livemapbot.cad;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallPacerTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        waits.add(d);
        nanos.addAndGet(d.toNanos());
    };

    @Test
    void tenCallsAMinuteThenTheEleventhWaitsForTheOldestToLeaveTheWindow() throws Exception {
        CallPacer pacer = new CallPacer(10, Duration.ofMinutes(1), Duration.ofMinutes(1), nanos::get, sleeper);
        for (int i = 0; i < 10; i++) {
            pacer.acquire(CadOperation.LIST_SERVERS);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        assertTrue(waits.isEmpty());
        pacer.acquire(CadOperation.LIST_SERVERS);
        assertEquals(List.of(Duration.ofSeconds(50)), waits);
    }

    @Test
    void endpointsArePacedSeparately() throws Exception {
        CallPacer pacer = new CallPacer(1, Duration.ofSeconds(1), Duration.ofSeconds(5), nanos::get, sleeper);
        pacer.acquire(CadOperation.LIST_SERVERS);
        pacer.acquire(CadOperation.REPLACE_SERVERS);
        assertTrue(waits.isEmpty());
        pacer.acquire(CadOperation.LIST_SERVERS);
        assertEquals(List.of(Duration.ofSeconds(1)), waits);
    }

    @Test
    void operationsMappedToOneEndpointShareItsLimit() throws Exception {
        CallPacer pacer = new CallPacer(2, Duration.ofMinutes(1), Duration.ofMinutes(1), nanos::get, sleeper,
                op -> op == CadOperation.REPLACE_SERVERS ? CadOperation.LIST_SERVERS : op);
        pacer.acquire(CadOperation.LIST_SERVERS);
        pacer.acquire(CadOperation.REPLACE_SERVERS);
        pacer.acquire(CadOperation.GET_VERSION);
        assertTrue(waits.isEmpty());
        pacer.acquire(CadOperation.REPLACE_SERVERS);
        assertEquals(List.of(Duration.ofMinutes(1)), waits);
    }

    @Test
    void aWaitLongerThanAllowedIsRefusedAtOnceWithTheWait() throws Exception {
        CallPacer pacer = new CallPacer(1, Duration.ofMinutes(1), Duration.ofSeconds(15), nanos::get, sleeper);
        pacer.acquire(CadOperation.REPLACE_SERVERS);
        CadException e = assertThrows(CadException.class, () -> pacer.acquire(CadOperation.REPLACE_SERVERS));
        assertEquals(CadException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofMinutes(1), e.retryAfter().orElseThrow());
        assertTrue(e.userMessage().contains("60 s"), e.userMessage());
        assertTrue(waits.isEmpty());
    }
}
