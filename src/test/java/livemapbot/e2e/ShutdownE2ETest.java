package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.CadOperation;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.e2e.fake.RecordedCall;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown in order: new commands are refused at once, a confirmed write that is already
 * running finishes with its audit record and its reply, and only then does the bot leave the gateway.
 */
class ShutdownE2ETest {
    /** Every Sonoran answer is held this long, so the write is still running when shutdown begins. */
    private static final Duration HELD = Duration.ofSeconds(1);

    @Test
    void aRunningWriteFinishesAndIsAuditedBeforeTheGatewayCloses() throws Exception {
        try (BotHarness h = BotHarness.start()) {
            Interaction setmap = h.slash(EDITOR, "setmap", Option.integer("server", 1),
                    Option.string("description", "Closed for the shutdown test"));
            JsonNode preview = h.discord.awaitOriginal(setmap, m -> m.path("components").size() > 0, WAIT);
            String confirmId = ScenarioSupport.requireButton(preview, "Confirm").path("custom_id").asText();

            int readsBefore = h.sonoran.callCount(CadOperation.LIST_SERVERS);
            h.sonoran.setDelay(HELD);
            Interaction confirm = h.discord.clickButtonOnOriginal(EDITOR, setmap, confirmId);
            // The confirmation's fresh read has reached Sonoran: the write is under way and held.
            assertTrue(h.sonoran.awaitCalls(CadOperation.LIST_SERVERS, readsBefore + 1, WAIT));

            CompletableFuture<Void> closing = CompletableFuture.runAsync(h.bot::close);
            awaitShuttingDown(h);
            Interaction late = h.slash(VIEWER, "servers");
            Callback refusal = h.discord.awaitCallback(late, WAIT);
            closing.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);

            // Refused, not processed: an ephemeral reply and no Sonoran call for it.
            assertEquals(Callback.REPLY, refusal.type());
            assertTrue(refusal.ephemeral());
            assertEquals("The bot is restarting; try again in a minute.", refusal.data().path("content").asText());

            // The held write completed and was audited.
            assertEquals(1, h.sonoran.writes().size());
            List<String> audit = Files.readAllLines(h.auditFile, StandardCharsets.UTF_8);
            assertEquals(1, audit.size(), audit.toString());
            assertTrue(audit.get(0).contains("\"outcome\":\"success\""), audit.get(0));

            // Its final reply reached Discord before the gateway closed.
            JsonNode done = h.discord.latestOriginal(confirm);
            assertEquals("Server #1 updated", done.path("embeds").path(0).path("title").asText(), done.toString());
            RecordedCall lastEdit = lastPatchOfOriginal(h, confirm);
            List<Long> closed = h.discord.gatewayClosedNanos();
            assertEquals(1, closed.size(), "one gateway connection, closed once");
            assertTrue(refusal.receivedNanos() < lastEdit.receivedNanos(), "refusal came while the write was held");
            assertTrue(lastEdit.receivedNanos() < closed.get(0), "the final reply must arrive before the gateway closes");
            assertFalse(h.discord.requests().stream().anyMatch(c -> c.receivedNanos() > closed.get(0)
                    && c.method().equals("PATCH")), "no reply may be left for after the disconnect");
        }
    }

    private static RecordedCall lastPatchOfOriginal(BotHarness h, Interaction interaction) {
        List<RecordedCall> edits = h.discord.requests().stream()
                .filter(c -> c.method().equals("PATCH") && c.route().contains(interaction.token() + "/messages/@original"))
                .toList();
        assertFalse(edits.isEmpty(), "no @original edit for the confirmation");
        return edits.get(edits.size() - 1);
    }

    /** Bounded poll: shutdown begins on another thread and has no event to wait on. */
    private static void awaitShuttingDown(BotHarness h) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!h.bot.discord().isShuttingDown()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("shutdown did not begin");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
