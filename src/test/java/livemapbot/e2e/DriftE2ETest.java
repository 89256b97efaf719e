package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.history.DriftClassifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static livemapbot.e2e.BotHarness.AUDIT_CHANNEL;
import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.isEphemeral;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's drift watch on the real JDA against the fake Discord and the emulator: a change made
 * in the CAD outside the bot is posted once to the audit channel, classified, recorded in the
 * history, and Revert → preview → Confirm puts the old values back. The checks run when the test
 * says an interval has passed ({@link StepScheduler}); the configured interval stays 300 s.
 */
class DriftE2ETest {
    private static final String DRIFT_TITLE = "Changed outside the bot";

    private final StepScheduler scheduler = new StepScheduler();
    private BotHarness h;

    private BotHarness start() {
        return start(BotHarness.builder());
    }

    private BotHarness start(BotHarness.Builder builder) {
        // No cache: each check reads the CAD, as it would after a 300 s interval with a 30 s cache.
        return builder.env("SONORAN_CACHE_SECONDS", "0").driftScheduler(scheduler).start();
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        scheduler.close();
    }

    private void check() throws InterruptedException {
        scheduler.elapseAndAwaitCheck(WAIT);
    }

    private List<JsonNode> driftPosts(BotHarness harness) {
        return harness.discord.channelMessages(AUDIT_CHANNEL).stream().filter(isDrift()).toList();
    }

    private static Predicate<JsonNode> isDrift() {
        return m -> m.path("embeds").size() > 0 && DRIFT_TITLE.equals(m.path("embeds").get(0).path("title").asText());
    }

    /**
     * The FiveM resource's rewrite pattern (only mapIp/listenerPort) → one post saying so within one
     * interval; Revert → ephemeral preview → Confirm → the emulator holds the old values again; the
     * rollback is not reported as drift; /maphistory lists the outside change and the rollback.
     */
    @Test
    void anOutsideEditIsPostedOnceClassifiedAndRevertPutsTheOldValuesBack() throws Exception {
        h = start();
        check(); // the baseline
        String oldIp = h.sonoran.server(1).orElseThrow().path("mapIp").asText();
        h.sonoran.updateServer(1, s -> s.put("mapIp", "198.51.100.99").put("listenerPort", "30999"));
        check();

        JsonNode post = h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        String text = post.path("embeds").toString();
        assertTrue(text.contains(DriftClassifier.Kind.FIVEM_SELF_CORRECTION.explanation()), text);
        assertTrue(text.contains("#1 Main Server"), text);
        assertTrue(text.contains(oldIp + " → 198.51.100.99"), text);
        assertTrue(text.contains("Noticed <t:"), text);
        requireButton(post, "Keep");

        Interaction revert = h.discord.buttonClick(EDITOR, post, requireButton(post, "Revert").path("custom_id").asText());
        Callback ack = h.discord.awaitCallback(revert, WAIT);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        assertTrue(ack.ephemeral(), "the rollback preview is for the clicker only");
        JsonNode preview = h.discord.awaitOriginal(revert,
                m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
        assertTrue(preview.path("embeds").toString().contains("198.51.100.99 → " + oldIp), preview.toString());
        assertTrue(isEphemeral(preview));
        assertEquals(0, h.sonoran.writes().size(), "a preview writes nothing");

        Interaction confirm = h.discord.buttonClick(EDITOR, preview, requireButton(preview, "Confirm").path("custom_id").asText());
        h.discord.awaitOriginal(revert, m -> m.path("embeds").size() > 0
                && "Rolled back".equals(m.path("embeds").get(0).path("title").asText()), WAIT);
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(confirm, WAIT).type());
        JsonNode server1 = h.sonoran.server(1).orElseThrow();
        assertEquals(oldIp, server1.path("mapIp").asText());
        assertEquals("30120", server1.path("listenerPort").asText());

        check();
        assertEquals(1, driftPosts(h).size(), "the bot's own rollback is not drift: " + driftPosts(h));

        Interaction history = h.slash(VIEWER, "maphistory");
        JsonNode page = h.discord.awaitOriginal(history, m -> m.path("embeds").size() > 0
                && m.path("embeds").get(0).path("title").asText().startsWith("Map history"), WAIT);
        String shown = page.path("embeds").toString();
        assertTrue(shown.contains("outside the bot"), shown);
        assertTrue(shown.contains("rollback"), shown);
        assertTrue(shown.contains("undoes #1"), shown);
        assertFalse(shown.contains("<@"), "names, never pings: " + shown);
    }

    /** The bot's own writes are never drift: a confirmed /setmap between two checks posts nothing. */
    @Test
    void aSetmapWrittenBetweenTwoChecksIsNotReportedAsDrift() throws Exception {
        h = start();
        check();
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2), Option.string("description", "Set by the bot"));
        JsonNode preview = h.discord.awaitOriginal(cmd,
                m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
        h.discord.buttonClick(EDITOR, preview, requireButton(preview, "Confirm").path("custom_id").asText());
        h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0
                && "Server #2 updated".equals(m.path("embeds").get(0).path("title").asText()), WAIT);
        assertEquals("Set by the bot", h.sonoran.server(2).orElseThrow().path("description").asText());
        check();
        check();
        assertEquals(List.of(), driftPosts(h), "the bot's own change is not an outside one");

        // /maphistory shows the bot's change and an outside one, each with its source.
        h.sonoran.updateServer(1, s -> s.put("mapIp", "198.51.100.5"));
        // Right after the confirm a check can miss the change (seen once under CI load: it met the
        // emulator's 1 call/s limit and backed off, as it must); the next check reads again. What this
        // test is about is the sources shown below, so it allows up to three checks, and one post.
        boolean posted = false;
        for (int i = 0; i < 3 && !posted; i++) {
            check();
            try {
                h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), Duration.ofSeconds(3));
                posted = true;
            } catch (AssertionError notYet) {
                // checked again below
            }
        }
        h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        assertEquals(1, driftPosts(h).size(), "the outside change is reported once");
        Interaction history = h.slash(VIEWER, "maphistory");
        JsonNode page = h.discord.awaitOriginal(history, m -> m.path("embeds").size() > 0
                && m.path("embeds").get(0).path("title").asText().startsWith("Map history"), WAIT);
        String shown = page.path("embeds").toString();
        assertTrue(shown.contains("#2 Training Server · through the bot"), shown);
        assertTrue(shown.contains("by editor"), shown);
        assertTrue(shown.contains("Description: New member training, no live map → Set by the bot"), shown);
        assertTrue(shown.contains("#1 Main Server · outside the bot"), shown);
    }

    /** The whole-list replacement pattern: every server gone, one new "Server 7" → that classification. */
    @Test
    void aListReplacedByAGameServerIsClassifiedAsSuchWithTheDeletedServers() throws Exception {
        h = start();
        check();
        ArrayNode replaced = ScenarioSupport.JSON.createArrayNode();
        ObjectNode lone = replaced.addObject();
        lone.put("id", 7).put("name", "Server 7").put("description", "").put("signal", "")
                .put("mapUrl", "").put("mapIp", "203.0.113.77").put("mapPort", "").put("differingOutbound", false)
                .put("outboundIp", "").put("listenerPort", "30120").put("enableMap", false).put("mapType", "NORMAL");
        h.sonoran.setServers(replaced);
        check();
        JsonNode post = h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        String text = post.path("embeds").toString();
        assertTrue(text.contains(DriftClassifier.Kind.LIST_REPLACED_BY_GAME_SERVER.explanation()), text);
        assertTrue(text.contains("#2 Training Server — removed"), text);
        assertTrue(text.contains("#7 Server 7 — added"), text);

        // Revert: the deleted servers come back at their old positions, the lone entry goes.
        JsonNode preview = revertAndAwaitPreview(post);
        assertTrue(preview.path("embeds").toString().contains("re-added at position 1"), preview.toString());
        assertTrue(preview.path("embeds").toString().contains("#7 Server 7 — removed"), preview.toString());
        confirmAndAwait(preview);
        List<Integer> ids = new java.util.ArrayList<>();
        h.sonoran.servers().forEach(s -> ids.add(s.path("id").asInt()));
        assertEquals(List.of(1, 2, 3, 4), ids);
        assertEquals("{\"a\":1}", h.sonoran.server(4).orElseThrow().path("customField").toString(),
                "an unknown field comes back as it was");
    }

    /**
     * Bad input: a revision that does not exist (or belongs to another community: the store never
     * returns it) is refused; a rollback confirmed after the list changed again writes nothing.
     */
    @Test
    void anUnknownRevisionIsRefusedAndAConfirmAfterAnotherChangeIsAConflict() throws Exception {
        h = start();
        Interaction unknown = h.slash(EDITOR, "maprollback", Option.integer("revision", 987654));
        JsonNode refused = h.discord.awaitOriginal(unknown, m -> m.path("embeds").size() > 0
                && "Unknown revision".equals(m.path("embeds").get(0).path("title").asText()), WAIT);
        assertTrue(isEphemeral(refused));

        check();
        h.sonoran.updateServer(1, s -> s.put("mapIp", "198.51.100.11"));
        check();
        JsonNode post = h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        JsonNode preview = revertAndAwaitPreview(post);
        h.sonoran.updateServer(1, s -> s.put("description", "changed again"));
        h.sonoran.clearHistory();
        Interaction confirm = h.discord.buttonClick(EDITOR, preview,
                requireButton(preview, "Confirm").path("custom_id").asText());
        h.discord.awaitCallback(confirm, WAIT);
        h.discord.awaitOriginal(lastRevert, m -> m.path("embeds").size() > 0
                && "Nothing written: the list changed meanwhile".equals(m.path("embeds").get(0).path("title").asText()), WAIT);
        assertEquals(0, h.sonoran.writes().size(), "a conflict writes nothing");
        assertEquals("198.51.100.11", h.sonoran.server(1).orElseThrow().path("mapIp").asText());
    }

    private Interaction lastRevert;

    private JsonNode revertAndAwaitPreview(JsonNode post) {
        lastRevert = h.discord.buttonClick(EDITOR, post, requireButton(post, "Revert").path("custom_id").asText());
        return h.discord.awaitOriginal(lastRevert,
                m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
    }

    private void confirmAndAwait(JsonNode preview) {
        h.discord.buttonClick(EDITOR, preview, requireButton(preview, "Confirm").path("custom_id").asText());
        h.discord.awaitOriginal(lastRevert, m -> m.path("embeds").size() > 0
                && "Rolled back".equals(m.path("embeds").get(0).path("title").asText()), WAIT);
    }

    /** Revert and Keep re-check roles: a member without the edit role is refused and nothing changes. */
    @Test
    void revertByAMemberWithoutTheEditRoleIsRefused() throws Exception {
        h = start();
        check();
        h.sonoran.updateServer(2, s -> s.put("name", "Renamed in the panel"));
        check();
        JsonNode post = h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        assertTrue(post.path("embeds").toString()
                .contains(DriftClassifier.Kind.PANEL_OR_OTHER_INTEGRATION.explanation()), post.toString());
        Interaction revert = h.discord.buttonClick(VIEWER, post, requireButton(post, "Revert").path("custom_id").asText());
        Callback refused = h.discord.awaitCallback(revert, WAIT);
        assertTrue(refused.ephemeral());
        assertTrue(refused.data().toString().contains("Not allowed"), refused.data().toString());
        assertEquals("Renamed in the panel", h.sonoran.server(2).orElseThrow().path("name").asText());

        Interaction keep = h.discord.buttonClick(EDITOR, post, requireButton(post, "Keep").path("custom_id").asText());
        Callback kept = h.discord.awaitCallback(keep, WAIT);
        assertTrue(kept.data().toString().contains("Kept by editor"), kept.data().toString());
        assertEquals(0, kept.data().path("components").size(), "no buttons once kept: " + kept.data());
    }

    /** Revert and Keep expire cleanly: an old button disables the post's buttons and says what to use instead. */
    @Test
    void anExpiredRevertDisablesTheButtonsAndPointsToMaprollback() throws Exception {
        h = start();
        check();
        h.sonoran.updateServer(3, s -> s.put("name", "Renamed"));
        check();
        JsonNode post = h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        String live = requireButton(post, "Revert").path("custom_id").asText();
        String expired = new livemapbot.discord.ComponentId("maprollback", "revert",
                livemapbot.discord.ComponentId.parse(live).orElseThrow().arg(), java.time.Instant.now().minusSeconds(60))
                .encode();
        Interaction click = h.discord.buttonClick(EDITOR, post, expired);
        Callback update = h.discord.awaitCallback(click, WAIT);
        assertEquals(Callback.UPDATE_MESSAGE, update.type());
        List<JsonNode> disabled = update.data().path("components").findValues("disabled");
        assertEquals(2, disabled.size(), update.data().toString());
        assertTrue(disabled.stream().allMatch(JsonNode::asBoolean), "the post's buttons are disabled: " + update.data());
        JsonNode note = h.discord.awaitFollowUp(click, WAIT);
        assertTrue(note.path("content").asText().contains("/maprollback"), note.toString());
        assertTrue(isEphemeral(note));
        assertEquals("Renamed", h.sonoran.server(3).orElseThrow().path("name").asText(), "nothing written");
    }

    /** The known list is in the store: a change made before a restart and not yet checked is reported once after it. */
    @Test
    void aChangeNotYetCheckedWhenTheBotRestartsIsReportedOnceAfterTheRestart() throws Exception {
        BotHarness first = start();
        check();
        first.sonoran.updateServer(3, s -> s.put("mapIp", "198.51.100.33"));
        h = first.restarted();
        check();
        h.discord.awaitChannelMessage(AUDIT_CHANNEL, isDrift(), WAIT);
        check();
        assertEquals(1, driftPosts(h).size(), "reported once: " + driftPosts(h));
    }
}
