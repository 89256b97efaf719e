package livemapbot.store;

import livemapbot.store.DeployGateStore.Attempt;
import livemapbot.store.DeployGateStore.CoolingDown;
import livemapbot.store.DeployGateStore.Running;
import livemapbot.store.DeployGateStore.Ticket;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deploy gate: one deploy at a time, a cooldown after success, across restarts and processes. */
class DeployGateStoreTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");
    private static final Duration COOLDOWN = Duration.ofMinutes(1);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void oneDeployAtATimeThenTheCooldownThenTheNext(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            DeployGateStore gate = store.deployGate();

            Ticket ticket = assertInstanceOf(Ticket.class, gate.tryBegin("c1", 1L, "Ann", NOW, COOLDOWN, LEASE));
            Running running = assertInstanceOf(Running.class,
                    gate.tryBegin("c1", 2L, "Bob", NOW.plusSeconds(1), COOLDOWN, LEASE));
            assertEquals("Ann", running.memberName());
            assertEquals(NOW, running.since());
            assertInstanceOf(Ticket.class, gate.tryBegin("c2", 2L, "Bob", NOW, COOLDOWN, LEASE),
                    "another community has a gate of its own");

            assertTrue(gate.succeeded(ticket, NOW.plusSeconds(2)));
            CoolingDown cooling = assertInstanceOf(CoolingDown.class,
                    gate.tryBegin("c1", 2L, "Bob", NOW.plusSeconds(30), COOLDOWN, LEASE));
            assertEquals("Ann", cooling.lastMemberName());
            assertEquals(NOW.plusSeconds(2), cooling.lastAt());
            assertEquals(NOW.plusSeconds(62), cooling.nextAllowed());
            assertInstanceOf(Ticket.class, gate.tryBegin("c1", 2L, "Bob", NOW.plusSeconds(62), COOLDOWN, LEASE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aFailedDeployReleasesTheGateWithoutACooldown(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            DeployGateStore gate = store.deployGate();
            Ticket ticket = assertInstanceOf(Ticket.class, gate.tryBegin("c1", 1L, "Ann", NOW, COOLDOWN, LEASE));

            assertTrue(gate.failed(ticket));
            assertFalse(gate.failed(ticket), "a second release is a no-op");
            assertFalse(gate.succeeded(ticket, NOW), "a released ticket cannot start a cooldown");

            assertInstanceOf(Ticket.class, gate.tryBegin("c1", 2L, "Bob", NOW.plusSeconds(1), COOLDOWN, LEASE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theCooldownAndARunningDeploySurviveARestartAndACrashedHolderOnlyBlocksUntilItsLeaseEnds(Kind kind)
            throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            Ticket crashed;
            try (Store store = database.open()) {
                Ticket first = assertInstanceOf(Ticket.class,
                        store.deployGate().tryBegin("c1", 1L, "Ann", NOW, COOLDOWN, LEASE));
                store.deployGate().succeeded(first, NOW);
                crashed = assertInstanceOf(Ticket.class,
                        store.deployGate().tryBegin("c1", 1L, "Ann", NOW.plus(COOLDOWN), COOLDOWN, LEASE));
            }
            try (Store store = database.open()) {
                DeployGateStore gate = store.deployGate();
                Instant later = NOW.plus(COOLDOWN).plusSeconds(10);
                assertInstanceOf(Running.class, gate.tryBegin("c1", 2L, "Bob", later, COOLDOWN, LEASE));

                Instant leaseOver = crashed.leaseUntil();
                Ticket takeover = assertInstanceOf(Ticket.class, gate.tryBegin("c1", 2L, "Bob", leaseOver, COOLDOWN, LEASE));
                assertFalse(gate.succeeded(crashed, leaseOver), "the crashed holder's ticket no longer counts");
                assertTrue(gate.succeeded(takeover, leaseOver));
            }
            try (Store store = database.open()) {
                assertInstanceOf(CoolingDown.class,
                        store.deployGate().tryBegin("c1", 3L, "Cy", crashed.leaseUntil().plusSeconds(1), COOLDOWN, LEASE));
            }
        }
    }

    /** Issue 9: "a deploy is running" holds across processes sharing PostgreSQL. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void deploysPressedAtOnceInTwoProcessesGetOneTicket(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            List<Store> stores = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                stores.add(database.open());
                stores.add(kind == Kind.POSTGRESQL ? database.open() : stores.get(0));
                for (int round = 0; round < 10; round++) {
                    String community = "c" + round;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Attempt>> attempts = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        DeployGateStore gate = stores.get(i % 2).deployGate();
                        long member = i;
                        Callable<Attempt> press = () -> {
                            start.await();
                            return gate.tryBegin(community, member, "m" + member, NOW, COOLDOWN, LEASE);
                        };
                        attempts.add(pool.submit(press));
                    }
                    start.countDown();
                    int tickets = 0;
                    for (Future<Attempt> attempt : attempts) {
                        if (attempt.get() instanceof Ticket) {
                            tickets++;
                        } else {
                            assertInstanceOf(Running.class, attempt.get());
                        }
                    }
                    assertEquals(1, tickets, "round " + round);
                }
            } finally {
                pool.shutdownNow();
                for (Store store : stores) {
                    store.close();
                }
            }
        }
    }
}
