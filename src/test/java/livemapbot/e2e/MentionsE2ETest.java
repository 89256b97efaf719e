package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.discord.InertText;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.e2e.fake.RecordedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static livemapbot.e2e.BotHarness.ANNOUNCE_CHANNEL;
import static livemapbot.e2e.BotHarness.AUDIT_CHANNEL;
import static livemapbot.e2e.BotHarness.DEPLOYER;
import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.loaded;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, mentions: no text from the CAD or a note can ever ping, and CAD text shows escaped.
 * A CAD server is named {@code @everyone [click](https://evil) # Big}; /servers, the /setmap
 * preview and its result, the audit post and the deploy announcement are sent through a real JDA,
 * and every message the bot sends carries {@code allowed_mentions} with an empty {@code parse}.
 */
class MentionsE2ETest {
    private static final String ESCAPED_NAME = "@\u200Beveryone \\[click\\](https://evil) # Big";

    private BotHarness h;

    @BeforeEach
    void start() {
        h = BotHarness.builder()
                .emulator(e -> e.servers(ScenarioSupport.list(2, id -> id == 1 ? InertText.EVIL_NAME : "Plain " + id, 40)))
                .start();
    }

    @AfterEach
    void stop() {
        try {
            assertNoUnknownRoutes(h);
        } finally {
            h.close();
        }
    }

    @Test
    void everyMessageAllowsNoMentionAndShowsTheCadNameEscaped() {
        // /servers: the card of server #1.
        Interaction servers = h.slash(VIEWER, "servers");
        JsonNode list = h.discord.awaitOriginal(servers, m -> loaded(m), WAIT);
        assertEquals("#1 " + ESCAPED_NAME, list.path("embeds").get(0).path("title").asText());

        // /setmap: the preview header, then Confirm, the result and the audit post.
        Interaction setmap = h.slash(EDITOR, "setmap", Option.integer("server", 1),
                Option.string("description", "@everyone # new"));
        JsonNode preview = h.discord.awaitOriginal(setmap,
                m -> loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
        String header = preview.path("embeds").get(0).path("description").asText().lines().findFirst().orElseThrow();
        assertEquals("**#1 " + ESCAPED_NAME + "**", header);
        Interaction confirm = h.discord.buttonClick(EDITOR, preview,
                requireButton(preview, "Confirm").path("custom_id").asText());
        h.discord.awaitOriginal(setmap, m -> text(m).contains("Server #1 updated"), WAIT);
        // The audit post shows the new description as inline code (inert); its mentions are checked below.
        JsonNode audit = h.discord.awaitChannelMessage(AUDIT_CHANNEL, WAIT);
        assertTrue(text(audit).contains("`@everyone # new`"), text(audit));

        // /deploymap: the public announcement lists the server escaped and the note escaped.
        Interaction deploy = h.slash(DEPLOYER, "deploymap", Option.string("note", "@here [x](https://evil)"));
        h.discord.awaitOriginal(deploy, m -> text(m).contains("Announced in"), WAIT);
        JsonNode announced = h.discord.awaitChannelMessage(ANNOUNCE_CHANNEL, WAIT);
        String announcement = text(announced);
        assertTrue(announcement.contains("#1 " + ESCAPED_NAME + " — "), announcement);
        assertTrue(announcement.contains("@\u200Bhere \\[x\\](https://evil)"), announcement);
        h.discord.awaitChannelMessage(AUDIT_CHANNEL, m -> text(m).contains("/deploymap"), WAIT);

        // A refusal is a reply (an interaction callback with the message in it).
        Interaction refused = h.slash(BotHarness.STRANGER, "setmap", Option.integer("server", 1),
                Option.string("name", "x"));
        assertEquals(Callback.REPLY, h.discord.awaitCallback(refused, WAIT).type());
        h.discord.awaitRequest(c -> c.route().startsWith("interactions/" + Long.toUnsignedString(refused.id()) + "/"), WAIT);

        // The fake stores a message before it records the request: wait for the last requests themselves.
        h.discord.awaitRequest(c -> c.route().equals("channels/" + AUDIT_CHANNEL + "/messages")
                && c.body().contains("/deploymap"), WAIT);
        h.discord.awaitRequest(c -> c.route().startsWith("webhooks/") && c.body().contains("Announced in"), WAIT);

        // Every message the bot sent: replies, edits of the original, announcement and audit posts.
        List<String> kinds = new ArrayList<>();
        for (RecordedCall call : h.discord.requests()) {
            JsonNode body = json(call);
            JsonNode message = body.has("data") ? body.path("data") : body;
            if (!message.has("embeds") && !message.has("content")) {
                continue; // a deferral or an autocomplete answer: nothing that could mention
            }
            JsonNode allowed = message.path("allowed_mentions");
            if (allowed.isMissingNode()) {
                // JDA sends allowed_mentions only with content; without it Discord parses every mention
                // in the content, so a message without allowed_mentions must have none (embeds never ping).
                assertTrue(message.path("content").asText("").isEmpty(),
                        "content without allowed_mentions (Discord would parse every mention): " + call + " " + message);
            } else {
                assertEquals(0, allowed.path("parse").size(), "parse must be empty: " + call + " " + allowed);
                assertTrue(allowed.path("users").isMissingNode() || allowed.path("users").isEmpty(), allowed.toString());
                assertTrue(allowed.path("roles").isMissingNode() || allowed.path("roles").isEmpty(), allowed.toString());
            }
            kinds.add(call.method() + " " + call.route().replaceAll("[0-9]{5,}|[A-Za-z0-9_-]{40,}", "…"));
        }
        assertEquals(3, kinds.stream().filter("POST channels/…/messages"::equals).count(),
                "the announcement and both audit posts were checked: " + kinds);
        assertTrue(kinds.stream().anyMatch(k -> k.startsWith("PATCH webhooks/")), "edits were checked: " + kinds);
        assertTrue(kinds.stream().anyMatch(k -> k.startsWith("POST interactions/")), "the refusal reply was checked: " + kinds);
    }

    private static JsonNode json(RecordedCall call) {
        try {
            return call.body().isEmpty() ? ScenarioSupport.JSON.createObjectNode() : ScenarioSupport.JSON.readTree(call.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + call + " " + call.body(), e);
        }
    }
}
