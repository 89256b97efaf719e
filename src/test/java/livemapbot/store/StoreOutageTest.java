package livemapbot.store;

import livemapbot.config.Secret;
import livemapbot.config.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9: a PostgreSQL that "goes down while running": every call answers with a StoreException
 * saying the bot's database is unavailable (no crash, no password), and the store works again when
 * the database is back, without a restart.
 */
class StoreOutageTest {
    @TempDir
    Path dir;

    private static final NewRevision REVISION = new NewRevision(Instant.parse("2026-01-01T00:00:00Z"), "c1", 1L,
            "Ann", RevisionSource.BOT, List.of(1), "{}", "{}", false, RevisionOutcome.APPLIED, null, null);

    /** A store whose PostgreSQL is reached through {@code proxy}, so the test can cut it. */
    @FunctionalInterface
    private interface BehindProxy {
        void run(Store store, TcpProxy proxy) throws Exception;
    }

    private void withStoreBehindProxy(BehindProxy test) throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, dir)) {
            URI target = URI.create(database.settings().url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort()).start()) {
                String viaProxy = database.settings().url()
                        .replace("//" + target.getRawAuthority() + "/", "//127.0.0.1:" + proxy.port() + "/");
                StoreSettings settings = new StoreSettings(viaProxy, database.settings().user(),
                        Secret.of(database.settings().password().reveal()));
                try (Store store = Store.open(settings)) {
                    test.run(store, proxy);
                }
            }
        }
    }

    /**
     * README: the store "works again when the database is back, without a restart". A pooled
     * connection cut while idle (a PostgreSQL restart, a NAT dropping the flow) is handed out again
     * without a check when it was used less than half a second before; the call must not fail on it
     * (nothing ran on that connection: one more try on a fresh one is safe), and must not be
     * recorded twice.
     */
    @Test
    void aConnectionCutWhileIdleInThePoolIsReplacedWithoutFailingTheCall() throws Exception {
        withStoreBehindProxy((store, proxy) -> {
            store.revisions().append(REVISION);

            proxy.stop();
            proxy.start();
            long id = store.revisions().append(REVISION);

            proxy.stop();
            proxy.start();
            assertEquals(2, store.revisions().count("c1", OptionalInt.empty()), "each revision recorded once");

            proxy.stop();
            proxy.start();
            assertTrue(store.revisions().settle("c1", id, RevisionOutcome.FAILED, "{}", "{}", null, false, "cut"),
                    "a write in auto-commit style is not lost on a connection cut while idle");
            assertEquals(RevisionOutcome.FAILED, store.revisions().get("c1", id).orElseThrow().outcome());
        });
    }

    @Test
    void callsFailClearlyWhileTheDatabaseIsAwayAndWorkAgainWhenItIsBack() throws Exception {
        withStoreBehindProxy((store, proxy) -> {
                    NewRevision revision = REVISION;
                    store.revisions().append(revision);

                    proxy.stop();
                    StoreException down = assertThrows(StoreException.class, () -> store.revisions().append(revision));
                    StoreException lock = assertThrows(StoreException.class,
                            () -> store.withCommunityLock("c1", () -> "never runs"));

                    assertEquals(StoreException.Kind.UNAVAILABLE, down.kind());
                    assertTrue(down.getMessage().startsWith("The bot's database is unavailable (recording a revision)"),
                            down.getMessage());
                    assertEquals(StoreException.Kind.UNAVAILABLE, lock.kind());
                    String password = TestDatabase.password();
                    assertFalse(!password.isEmpty() && down.getMessage().contains(password), down.getMessage());

                    proxy.start();
                    StoreRecovery.awaitAnswers(store, java.time.Duration.ofSeconds(30));
                    store.revisions().append(revision);
                    assertEquals(2, store.revisions().count("c1", OptionalInt.empty()),
                            "the write that failed was not half-recorded; the store recovered without a restart");
        });
    }
}
