package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.config.ConfigKey;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.store.Revision;
import livemapbot.store.RevisionOutcome;
import livemapbot.store.StoreRecovery;
import livemapbot.store.TcpProxy;
import livemapbot.store.TestDatabase;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static livemapbot.e2e.BotHarness.DEPLOYER;
import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9 end to end, the real {@code BotApplication} against the fake Discord and the emulator,
 * on SQLite and on PostgreSQL: what the bot knows survives a restart (an open preview, the deploy
 * cooldown), every change is a revision next to its audit line, and a database that goes away
 * while the bot runs stops changes rather than the bot.
 */
class StoreE2ETest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    /** Generous: a loaded machine; the acknowledgements themselves are checked against Discord's 3 s. */
    private static final Duration DOWN_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static BotHarness start(TestDatabase database) {
        BotHarness.Builder builder = BotHarness.builder();
        if (database.kind() == Kind.POSTGRESQL) {
            builder.env(ConfigKey.STORE_URL.envName(), database.settings().url())
                    .env(ConfigKey.STORE_USER.envName(), database.settings().user())
                    .env(ConfigKey.STORE_PASSWORD.envName(), database.settings().password().reveal());
        }
        return builder.start();
    }

    /** A TCP relay in front of the test PostgreSQL, so a test can take the database away and bring it back. */
    private static TcpProxy proxyTo(TestDatabase database) throws java.io.IOException {
        URI target = URI.create(database.settings().url().substring("jdbc:".length()));
        return new TcpProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort()).start();
    }

    /** The bot with its store reached through {@code proxy}. */
    private static BotHarness botBehind(TcpProxy proxy, TestDatabase database) {
        URI target = URI.create(database.settings().url().substring("jdbc:".length()));
        String viaProxy = database.settings().url()
                .replace("//" + target.getRawAuthority() + "/", "//127.0.0.1:" + proxy.port() + "/");
        return BotHarness.builder()
                .env(ConfigKey.STORE_URL.envName(), viaProxy)
                .env(ConfigKey.STORE_USER.envName(), database.settings().user())
                .env(ConfigKey.STORE_PASSWORD.envName(), database.settings().password().reveal())
                .start();
    }

    private static JsonNode awaitPreview(BotHarness h, Interaction cmd) {
        return h.discord.awaitOriginal(cmd,
                m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
    }

    private static Interaction click(BotHarness h, Interaction cmd, String label) {
        JsonNode message = h.discord.latestOriginal(cmd);
        return h.discord.buttonClick(EDITOR, message, requireButton(message, label).path("custom_id").asText());
    }

    private static boolean titled(JsonNode message, String title) {
        return message.path("embeds").size() > 0 && message.path("embeds").get(0).path("title").asText().equals(title);
    }

    /** "Preview, stop the bot, start it on the same store, Confirm → exactly one write, audit + revision recorded." */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aPreviewConfirmedAfterARestartIsWrittenOnceAuditedAndRecorded(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            BotHarness h = start(database);
            try {
                Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2),
                        Option.string("name", "Renamed after a restart"));
                awaitPreview(h, cmd);
                int index = indexOf(h, 2);

                h = h.restarted();

                Interaction confirm = click(h, cmd, "Confirm");
                assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(confirm, WAIT).type(),
                        "the preview was found after the restart");
                h.discord.awaitOriginal(cmd, m -> titled(m, "Server #2 updated"), WAIT);

                assertEquals(1, h.sonoran.writes().size(), "exactly one write");
                assertEquals("Renamed after a restart", h.sonoran.server(2).orElseThrow().path("name").asText());
                List<String> audit = Files.readAllLines(h.auditFile);
                assertEquals(1, audit.size(), audit.toString());
                assertTrue(audit.get(0).contains("\"success\""), audit.get(0));

                List<Revision> revisions = h.bot.store().revisions().newestFirst(h.sonoran.communityId(),
                        OptionalInt.of(2), 0, 10);
                assertEquals(1, revisions.size(), revisions.toString());
                Revision revision = revisions.get(0);
                assertEquals(RevisionOutcome.APPLIED, revision.outcome());
                assertEquals(EDITOR, revision.memberId());
                assertEquals("editor", revision.memberName());
                assertEquals(List.of(2), revision.serverIds());
                assertFalse(revision.deploy());
                assertNull(revision.note());
                assertEquals(index, revision.beforeIndex());
                assertTrue(revision.afterJson().contains("\"name\":\"Renamed after a restart\""), revision.afterJson());
                assertEquals(h.sonoran.server(2).orElseThrow().toString(), revision.afterJson(),
                        "after: the entry exactly as written");
                assertFalse(revision.beforeJson().contains("Renamed"), revision.beforeJson());

                // The bot's own write is the known list now: the drift watch will not report it.
                assertTrue(h.bot.store().knownLists().load(h.sonoran.communityId()).orElseThrow().list()
                        .find(2).orElseThrow().name().equals("Renamed after a restart"));
            } finally {
                h.close();
            }
        }
    }

    private static int indexOf(BotHarness h, int serverId) {
        int i = 0;
        for (JsonNode server : h.sonoran.servers()) {
            if (server.path("id").asInt() == serverId) {
                return i;
            }
            i++;
        }
        throw new AssertionError("no server " + serverId);
    }

    /** "The cooldown and 'a deploy is running' survive a restart." */
    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theDeployCooldownSurvivesARestart(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            BotHarness h = start(database);
            try {
                Interaction first = h.slash(DEPLOYER, "deploymap");
                h.discord.awaitOriginal(first, m -> text(m).contains("Announced in"), WAIT);

                h = h.restarted();

                Interaction second = h.slash(DEPLOYER, "deploymap");
                Callback refused = h.discord.awaitCallback(second, WAIT);
                assertEquals(Callback.REPLY, refused.type());
                assertTrue(text(refused.data()).contains("deployed by deployer"), text(refused.data()));
                assertEquals(1, h.sonoran.writes().size(), "one deploy, not two");
                List<Revision> revisions = h.bot.store().revisions().newestFirst(h.sonoran.communityId(),
                        OptionalInt.empty(), 0, 10);
                assertEquals(1, revisions.size(), revisions.toString());
                assertTrue(revisions.get(0).deploy());
                assertEquals(RevisionOutcome.APPLIED, revisions.get(0).outcome());
                assertEquals(List.of(), revisions.get(0).serverIds(), "a deploy is the whole list");
            } finally {
                h.close();
            }
        }
    }

    /**
     * "A PostgreSQL that goes down while running: commands answer 'the bot's database is
     * unavailable', nothing written to Sonoran, no crash" — and when it is back, the same preview
     * is confirmed and written once.
     */
    @Test
    void whileTheDatabaseIsDownCommandsSayItIsUnavailableAndNothingIsWritten() throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        try (TestDatabase database = TestDatabase.create(Kind.POSTGRESQL, dir)) {
            try (TcpProxy proxy = proxyTo(database)) {
                BotHarness h = botBehind(proxy, database);
                try {
                    Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2),
                            Option.string("name", "Written once the database is back"));
                    awaitPreview(h, cmd);

                    proxy.stop();
                    Interaction confirm = click(h, cmd, "Confirm");
                    Callback down = h.discord.awaitCallback(confirm, DOWN_WAIT);
                    ScenarioSupport.assertAckedInTime(down); // answered, not "interaction failed"
                    assertTrue(text(down.data()).contains("The bot's database is unavailable; nothing was changed."),
                            text(down.data()));
                    Interaction deploy = h.slash(DEPLOYER, "deploymap");
                    Callback deployDown = h.discord.awaitCallback(deploy, DOWN_WAIT);
                    ScenarioSupport.assertAckedInTime(deployDown);
                    assertTrue(text(deployDown.data()).contains("The bot's database is unavailable"),
                            text(deployDown.data()));
                    Interaction another = h.slash(EDITOR, "setmap", Option.integer("server", 1),
                            Option.string("name", "Never"));
                    h.discord.awaitOriginal(another, m -> text(m).contains("The bot's database is unavailable"),
                            DOWN_WAIT);
                    assertEquals(0, h.sonoran.writes().size(), "nothing written to Sonoran");
                    String password = TestDatabase.password();
                    assertFalse(!password.isEmpty() && (text(down.data()) + text(deployDown.data())).contains(password));

                    proxy.start();
                    StoreRecovery.awaitAnswers(h.bot.store(), DOWN_WAIT);
                    Interaction again = click(h, cmd, "Confirm");
                    Callback againAnswer = h.discord.awaitCallback(again, DOWN_WAIT);
                    assertEquals(Callback.DEFERRED_UPDATE, againAnswer.type(), () -> text(againAnswer.data()));
                    h.discord.awaitOriginal(cmd, m -> titled(m, "Server #2 updated"), DOWN_WAIT);
                    assertEquals(1, h.sonoran.writes().size(), "written once, after the database came back");
                    assertEquals(RevisionOutcome.APPLIED, h.bot.store().revisions()
                            .newestFirst(h.sonoran.communityId(), OptionalInt.of(2), 0, 1).get(0).outcome());
                } finally {
                    h.close();
                }
            }
        }
    }

    /** "No write without a record of it" holds for /maprollback too: its revisions go in before its write. */
    @Test
    void aRollbackWhoseRevisionsCannotBeRecordedFirstWritesNothing() throws Exception {
        assumeTrue(TestDatabase.postgresqlAvailable(), TestDatabase.HOW_TO_ENABLE);
        try (TestDatabase database = TestDatabase.create(Kind.POSTGRESQL, dir)) {
            try (TcpProxy proxy = proxyTo(database)) {
                BotHarness h = botBehind(proxy, database);
                try {
                    Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2),
                            Option.string("name", "Renamed, then rolled back"));
                    awaitPreview(h, cmd);
                    click(h, cmd, "Confirm");
                    h.discord.awaitOriginal(cmd, m -> titled(m, "Server #2 updated"), DOWN_WAIT);
                    long revision = h.bot.store().revisions()
                            .newestFirst(h.sonoran.communityId(), OptionalInt.of(2), 0, 1).get(0).id();

                    Interaction rollback = h.slash(EDITOR, "maprollback", Option.integer("revision", revision));
                    awaitPreview(h, rollback);
                    proxy.stop();
                    Interaction confirm = click(h, rollback, "Confirm");
                    h.discord.awaitCallback(confirm, DOWN_WAIT);
                    h.discord.awaitOriginal(rollback, m -> text(m).contains("database is unavailable"), DOWN_WAIT);
                    assertEquals(1, h.sonoran.writes().size(), "only the /setmap was written");
                } finally {
                    proxy.start();
                    h.close();
                }
            }
        }
    }

    /** "With SQLite one process owns the file: refuse to start a second process on the same file with a clear message." */
    @Test
    void aSecondBotOnTheSameSqliteFileIsRefusedClearly() {
        String url = "jdbc:sqlite:" + dir.resolve("shared").resolve("livemap-bot.db");
        BotHarness first = BotHarness.builder().env(ConfigKey.STORE_URL.envName(), url).start();
        try {
            AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> BotHarness.builder().env(ConfigKey.STORE_URL.envName(), url).start().close());
            assertTrue(refused.getMessage().contains("the bot's database (store.url) cannot be used"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("in use by another"), refused.getMessage());
            assertTrue(refused.getCause() instanceof livemapbot.discord.StartupException, String.valueOf(refused.getCause()));
        } finally {
            first.close();
        }
    }

    /** "A PostgreSQL that is down at start-up: clear error" (a start-up failure; Main exits with CANNOT_START), no password. */
    @Test
    void aPostgresqlThatIsDownAtStartUpStopsTheBotWithAClearErrorAndNoPassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> BotHarness.builder()
                        .env(ConfigKey.STORE_URL.envName(), "jdbc:postgresql://127.0.0.1:" + closedPort + "/livemap")
                        .env(ConfigKey.STORE_USER.envName(), "livemap")
                        .env(ConfigKey.STORE_PASSWORD.envName(), "s3cret-do-not-show")
                        .start().close());
        assertTrue(refused.getCause() instanceof livemapbot.discord.StartupException, String.valueOf(refused.getCause()));
        assertTrue(refused.getMessage().contains("the bot's database (store.url) cannot be used"), refused.getMessage());
        assertTrue(refused.getMessage().contains("127.0.0.1:" + closedPort), refused.getMessage());
        assertFalse(refused.getMessage().contains("s3cret-do-not-show"), refused.getMessage());
    }
}
