package livemapbot.discord.deploy;

import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeployGateTest {
    private static final Instant T0 = Instant.parse("2025-01-02T03:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final DeployGate gate = new DeployGate(Duration.ofMinutes(5), clock);

    @Test
    void cooldownRefusalSaysWhoWhenAndNext() {
        gate.succeeded((DeployGate.Ticket) gate.tryBegin(1, "Ann"));
        clock.advance(Duration.ofMinutes(2));

        DeployGate.Refused refused = assertInstanceOf(DeployGate.Refused.class, gate.tryBegin(2, "Bob"));

        assertEquals("The Live Map was deployed by Ann <t:" + T0.getEpochSecond() + ":R>; the next deploy is allowed <t:"
                + T0.plusSeconds(300).getEpochSecond() + ":R>.", refused.message());
    }

    /** The preview asks without taking a ticket: asking never blocks a deploy or starts anything. */
    @Test
    void refusalTellsWhatTryBeginWouldSayWithoutTakingATicket() {
        assertEquals(java.util.Optional.empty(), gate.refusal());
        assertEquals(java.util.Optional.empty(), gate.refusal());
        DeployGate.Ticket ticket = assertInstanceOf(DeployGate.Ticket.class, gate.tryBegin(1, "Ann"));
        assertEquals("A deploy is already in progress (started by Ann); try again when it has finished.",
                gate.refusal().orElseThrow().message());
        gate.succeeded(ticket);
        clock.advance(Duration.ofMinutes(1));
        DeployGate.Refused refused = assertInstanceOf(DeployGate.Refused.class, gate.tryBegin(2, "Bob"));
        assertEquals(refused.message(), gate.refusal().orElseThrow().message());
        clock.advance(Duration.ofMinutes(4));
        assertEquals(java.util.Optional.empty(), gate.refusal());
    }

    @Test
    void allowedAgainOnceTheCooldownHasPassed() {
        gate.succeeded((DeployGate.Ticket) gate.tryBegin(1, "Ann"));
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertInstanceOf(DeployGate.Refused.class, gate.tryBegin(2, "Bob"));

        clock.advance(Duration.ofMillis(1));
        DeployGate.Ticket ticket = assertInstanceOf(DeployGate.Ticket.class, gate.tryBegin(2, "Bob"));
        assertEquals(2, ticket.memberId());
        assertEquals("Bob", ticket.memberName());
    }

    @Test
    void secondDeployWhileOneRunsIsToldItIsInProgress() {
        assertInstanceOf(DeployGate.Ticket.class, gate.tryBegin(1, "Ann"));

        DeployGate.Refused refused = assertInstanceOf(DeployGate.Refused.class, gate.tryBegin(2, "Bob"));

        assertEquals("A deploy is already in progress (started by Ann); try again when it has finished.",
                refused.message());
    }

    @Test
    void failedDeployReleasesWithoutCooldown() {
        DeployGate.Ticket ticket = (DeployGate.Ticket) gate.tryBegin(1, "Ann");
        gate.failed(ticket);
        gate.failed(ticket); // a second release of the same ticket is harmless

        assertInstanceOf(DeployGate.Ticket.class, gate.tryBegin(2, "Bob"));
    }

    @Test
    void staleTicketCannotReleaseSomeoneElsesDeploy() {
        DeployGate.Ticket first = (DeployGate.Ticket) gate.tryBegin(1, "Ann");
        gate.failed(first);
        assertInstanceOf(DeployGate.Ticket.class, gate.tryBegin(2, "Bob"));

        gate.failed(first);

        assertInstanceOf(DeployGate.Refused.class, gate.tryBegin(3, "Cy"));
    }

    @Test
    void zeroCooldownOnlyPreventsOverlap() {
        DeployGate noCooldown = new DeployGate(Duration.ZERO, clock);
        noCooldown.succeeded((DeployGate.Ticket) noCooldown.tryBegin(1, "Ann"));

        DeployGate.Ticket again = assertInstanceOf(DeployGate.Ticket.class, noCooldown.tryBegin(1, "Ann"));
        assertInstanceOf(DeployGate.Refused.class, noCooldown.tryBegin(2, "Bob"));
        noCooldown.succeeded(again);
        assertInstanceOf(DeployGate.Ticket.class, noCooldown.tryBegin(2, "Bob"));
    }

    @Test
    void negativeCooldownIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DeployGate(Duration.ofSeconds(-1), clock));
    }

    @Test
    void concurrentAttemptsGetExactlyOneTicket() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<DeployGate.Attempt>> attempts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long member = i;
            attempts.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return gate.tryBegin(member, "M" + member);
            }));
        }
        ready.await(5, TimeUnit.SECONDS);
        go.countDown();
        int tickets = 0;
        for (Future<DeployGate.Attempt> attempt : attempts) {
            DeployGate.Attempt result = attempt.get(5, TimeUnit.SECONDS);
            if (result instanceof DeployGate.Ticket) {
                tickets++;
            } else {
                assertEquals(true, ((DeployGate.Refused) result).message().startsWith("A deploy is already in progress"));
            }
        }
        pool.shutdown();
        assertEquals(1, tickets);
    }
}
