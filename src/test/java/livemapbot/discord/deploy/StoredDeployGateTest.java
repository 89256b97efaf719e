package livemapbot.discord.deploy;

import livemapbot.store.Store;
import livemapbot.store.TestDatabase;
import livemapbot.store.TestDatabase.Kind;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy gate kept in the store (issue 9): its cooldown and its running deploy hold for a
 * second gate on the same database, as for the bot after a restart or another process.
 */
class StoredDeployGateTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Duration COOLDOWN = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theCooldownHoldsForTheNextProcessAndEndsOnTime(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store first = database.open()) {
                DeployGate gate = new DeployGate(COOLDOWN, clock, first.deployGate(), "c1");
                DeployGate.Ticket ticket = (DeployGate.Ticket) gate.tryBegin(1L, "Ann");
                gate.succeeded(ticket);
            }
            try (Store restarted = database.open()) {
                DeployGate gate = new DeployGate(COOLDOWN, clock, restarted.deployGate(), "c1");
                DeployGate.Attempt refused = gate.tryBegin(2L, "Bob");
                assertInstanceOf(DeployGate.Refused.class, refused);
                assertTrue(((DeployGate.Refused) refused).message().contains("deployed by Ann"), refused.toString());
                assertTrue(gate.refusal().isPresent());
                assertTrue(new DeployGate(COOLDOWN, clock, restarted.deployGate(), "c2").refusal().isEmpty(),
                        "another community has its own gate");

                clock.advance(COOLDOWN);
                assertTrue(gate.refusal().isEmpty());
                assertInstanceOf(DeployGate.Ticket.class, gate.tryBegin(2L, "Bob"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aRunningDeployKeepsASecondGateOutAndAFailedOneLeavesNoCooldown(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            DeployGate one = new DeployGate(COOLDOWN, clock, store.deployGate(), "c1");
            DeployGate other = new DeployGate(COOLDOWN, clock, store.deployGate(), "c1");
            DeployGate.Ticket ticket = (DeployGate.Ticket) one.tryBegin(1L, "Ann");

            DeployGate.Attempt busy = other.tryBegin(2L, "Bob");
            assertInstanceOf(DeployGate.Refused.class, busy);
            assertTrue(((DeployGate.Refused) busy).message().contains("already in progress (started by Ann)"),
                    busy.toString());

            one.failed(ticket);
            one.failed(ticket); // safe twice
            assertFalse(other.refusal().isPresent(), "nothing deployed: no cooldown");
            assertInstanceOf(DeployGate.Ticket.class, other.tryBegin(2L, "Bob"));
        }
    }

    /** A process that died mid-deploy blocks the gate only until its lease ends. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aDeployWhoseProcessDiedFreesTheGateWhenItsLeaseEnds(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            new DeployGate(COOLDOWN, clock, store.deployGate(), "c1").tryBegin(1L, "Ann"); // never handed back
            DeployGate next = new DeployGate(COOLDOWN, clock, store.deployGate(), "c1");
            assertInstanceOf(DeployGate.Refused.class, next.tryBegin(2L, "Bob"));

            clock.advance(DeployGate.LEASE);

            assertInstanceOf(DeployGate.Ticket.class, next.tryBegin(2L, "Bob"));
        }
    }
}
