package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import livemapbot.cad.CadOperation;
import livemapbot.discord.ComponentId;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.buttonId;
import static livemapbot.e2e.ScenarioSupport.buttonIds;
import static livemapbot.e2e.ScenarioSupport.hasButtons;
import static livemapbot.e2e.ScenarioSupport.isEphemeral;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario 7: a /setmap preview that is cancelled, or clicked after it expired, writes nothing. */
class SetMapCancelExpiryE2ETest {
    private static BotHarness h;

    @BeforeAll
    static void start() {
        h = BotHarness.start();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void forgetEarlierCalls() {
        h.sonoran.clearHistory();
    }

    @AfterEach
    void fakeSawOnlyKnownRoutes() {
        assertNoUnknownRoutes(h);
    }

    @Test
    void cancelSaysNoChangesMadeRemovesTheButtonsAndWritesNothing() {
        ArrayNode before = h.sonoran.servers();
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2), Option.bool("enable-map", true));
        JsonNode preview = awaitPreview(h, cmd);

        Interaction cancel = h.discord.clickButtonOnOriginal(EDITOR, cmd, buttonId(preview, "cancel"));
        Callback answer = h.discord.awaitCallback(cancel, WAIT);
        assertAckedInTime(answer);
        assertEquals(Callback.UPDATE_MESSAGE, answer.type(), "the preview itself is replaced");
        JsonNode cancelled = h.discord.awaitOriginal(cmd, m -> text(m).contains("No changes made"), WAIT);
        assertTrue(buttonIds(cancelled).isEmpty(), "buttons gone: " + cancelled);
        assertFalse(text(cancelled).contains("Confirm"), text(cancelled));

        // A second client still showing the old buttons: a late Confirm must not write either.
        Interaction lateConfirm = h.discord.buttonClick(EDITOR, preview, buttonId(preview, "confirm"));
        Callback late = h.discord.awaitCallback(lateConfirm, WAIT);
        assertEquals(Callback.REPLY, late.type());
        assertTrue(late.ephemeral(), "told privately: " + late.data());
        assertTrue(text(late.data()).contains("already"), text(late.data()));

        assertEquals(1, h.sonoran.callCount(CadOperation.LIST_SERVERS), "only the preview's read");
        assertEquals(0, h.sonoran.callCount(CadOperation.REPLACE_SERVERS));
        assertTrue(h.sonoran.writes().isEmpty());
        assertEquals(before, h.sonoran.servers());
        assertNoSetMapAudit(h);
    }

    @Test
    void aClickAfterExpirySaysExpiredRemovesTheButtonsAndWritesNothing() {
        try (BotHarness quick = BotHarness.builder().previewExpiry(Duration.ofSeconds(1)).start()) {
            ArrayNode before = quick.sonoran.servers();
            Interaction cmd = quick.slash(EDITOR, "setmap", Option.integer("server", 2),
                    Option.bool("enable-map", true));
            JsonNode preview = awaitPreview(quick, cmd);
            String confirm = buttonId(preview, "confirm");
            Instant expiry = ComponentId.parse(confirm).orElseThrow().expiresAt();
            assertTrue(expiry.isBefore(Instant.now().plusSeconds(2)), "the 1 s expiry is in the button: " + expiry);

            ScenarioSupport.awaitWallClockPast(expiry, Duration.ofSeconds(3));
            Interaction click = quick.discord.clickButtonOnOriginal(EDITOR, cmd, confirm);
            Callback answer = quick.discord.awaitCallback(click, WAIT);
            assertAckedInTime(answer);
            assertEquals(Callback.UPDATE_MESSAGE, answer.type());
            JsonNode expired = quick.discord.awaitOriginal(cmd, m -> text(m).contains("expired"), WAIT);
            assertTrue(buttonIds(expired).isEmpty(), "buttons gone: " + expired);

            // Cancel on a stale copy of the preview is expired too, not "No changes made" twice over.
            Interaction staleCancel = quick.discord.buttonClick(EDITOR, preview, buttonId(preview, "cancel"));
            Callback staleAnswer = quick.discord.awaitCallback(staleCancel, WAIT);
            assertTrue(text(staleAnswer.data()).contains("expired"), text(staleAnswer.data()));

            assertEquals(0, quick.sonoran.callCount(CadOperation.REPLACE_SERVERS));
            assertTrue(quick.sonoran.writes().isEmpty());
            assertEquals(before, quick.sonoran.servers());
            assertNoSetMapAudit(quick);
            assertNoUnknownRoutes(quick);
        }
    }

    /** The ephemeral preview with Confirm and Cancel, acknowledged in time. */
    private static JsonNode awaitPreview(BotHarness harness, Interaction cmd) {
        Callback ack = harness.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        assertTrue(ack.ephemeral());
        JsonNode preview = harness.discord.awaitOriginal(cmd, ScenarioSupport::hasButtons, WAIT);
        assertTrue(isEphemeral(preview));
        assertTrue(text(preview).contains("Change server #2?"), text(preview));
        assertTrue(hasButtons(preview));
        return preview;
    }

    private static void assertNoSetMapAudit(BotHarness harness) {
        try {
            boolean recorded = Files.exists(harness.auditFile)
                    && Files.readString(harness.auditFile).contains("\"setmap\"");
            assertFalse(recorded, "a cancelled or expired preview is not an attempt");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
