package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.audit.AuditJson;
import livemapbot.audit.AuditRecord;
import livemapbot.cad.CadOperation;
import livemapbot.cad.FieldChange;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Predicate;

import static livemapbot.e2e.BotHarness.AUDIT_CHANNEL;
import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.EDIT_ROLE;
import static livemapbot.e2e.BotHarness.OTHER_EDITOR;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.field;
import static livemapbot.e2e.ScenarioSupport.isEphemeral;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenarios 4–6: {@code /setmap} preview and Confirm through a real JDA against the emulator's
 * demo servers. One bot serves the class; each test edits a server no other test touches, and
 * compares the emulator's list before and after itself, so the order of the tests does not matter.
 */
class SetMapE2ETest {
    private static BotHarness h;

    @BeforeAll
    static void start() {
        h = BotHarness.start();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @BeforeEach
    void forgetEarlierCalls() {
        h.sonoran.clearHistory();
    }

    @AfterEach
    void noUnknownRoutesAndEditorKeepsTheRole() {
        h.discord.guild().memberRoles(EDITOR, EDIT_ROLE);
        assertTrue(h.discord.unknownRoutes().isEmpty(), h.discord.unknownRoutes().toString());
    }

    /**
     * Scenario 4, on the demo server that has an undocumented field and a port served as a number.
     * The editor holds the edit role only: enabling the map is saved but not deployed (deploying
     * is a deploy-role action, issue 8), and the answer says a deployer can publish it.
     */
    @Test
    void confirmByTheInvokerWritesExactlyThatChangeAuditsItAndPostsToTheAuditChannel() throws Exception {
        ArrayNode before = h.sonoran.servers();
        JsonNode server4 = h.sonoran.server(4).orElseThrow();
        assertFalse(server4.path("enableMap").asBoolean(), "demo server 4 starts with the map off");
        assertEquals("{\"a\":1}", server4.path("customField").toString(), "an undocumented field: " + server4);

        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 4), Option.bool("enable-map", true));
        JsonNode preview = awaitPreview(cmd);
        assertEquals("Change server #4?", preview.path("embeds").get(0).path("title").asText());
        assertTrue(preview.path("embeds").toString().contains("`false` → `true`"), preview.path("embeds").toString());
        assertTrue(preview.path("embeds").toString().contains("Will not be deployed"),
                "the preview says so: " + preview.path("embeds"));
        assertEquals(0, h.sonoran.writes().size(), "a preview writes nothing");

        Interaction confirm = click(EDITOR, cmd, "Confirm");
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(confirm, WAIT).type());
        JsonNode done = h.discord.awaitOriginal(cmd, title(t -> t.equals("Server #4 updated")), WAIT);
        assertEquals(0, done.path("components").size(), "no buttons after the write: " + done);
        assertTrue(isEphemeral(done));

        assertEquals(1, h.sonoran.writes().size(), "exactly one write");
        assertFalse(h.sonoran.lastWrite().orElseThrow().deployMap(),
                "an editor without a deploy role: written with deployMap=false");
        assertTrue(ScenarioSupport.text(done).contains("A deployer can run /deploymap to publish it."),
                ScenarioSupport.text(done));
        ArrayNode after = h.sonoran.servers();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            ObjectNode expected = (ObjectNode) before.get(i).deepCopy();
            // The bot's one documented normalisation: a port served as a number (demo server 4 until
            // the first write) goes back as the string Sonoran itself serves. put() keeps field order.
            for (String port : List.of("listenerPort", "mapPort")) {
                if (expected.path(port).isNumber()) {
                    expected.put(port, expected.path(port).asText());
                }
            }
            if (expected.path("id").asInt() == 4) {
                expected.put("enableMap", true);
            }
            assertEquals(expected.toString(), after.get(i).toString(),
                    "server " + expected.path("id") + " byte for byte, only the edited field differs");
        }

        AuditRecord record = lastAuditRecord();
        assertEquals(EDITOR, record.memberId());
        assertEquals("editor", record.memberName());
        assertEquals("setmap", record.action());
        assertEquals(4, record.serverId());
        assertEquals("success", record.outcome());
        assertFalse(record.deploy(), "no deploy happened");
        assertEquals(1, record.changes().size(), record.changes().toString());
        FieldChange change = record.changes().get(0);
        assertEquals("enableMap", change.field());
        assertEquals("false", change.before());
        assertEquals("true", change.after());

        JsonNode posted = h.discord.awaitChannelMessage(AUDIT_CHANNEL,
                auditEmbed("Audit: /setmap — success", "#4"), WAIT);
        JsonNode embed = posted.path("embeds").get(0);
        assertTrue(field(embed, "Who").orElseThrow().contains("<@" + EDITOR + ">"), embed.toString());
        assertEquals("no", field(embed, "Deploy").orElseThrow());
        assertTrue(embed.path("description").asText().contains("`false` → `true`"), embed.toString());
    }

    /**
     * Scenario 5a: the buttons belong to the invoker. On Discord nobody else sees an ephemeral
     * preview, but a custom id can be replayed, so the bot checks the clicker itself.
     */
    @Test
    void confirmByAnotherMemberIsRefusedAndWritesNothing() throws Exception {
        ArrayNode before = h.sonoran.servers();
        int auditLines = auditLines().size();
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 2),
                Option.string("description", "Training, now with a live map"));
        JsonNode preview = awaitPreview(cmd);

        Interaction foreign = h.discord.buttonClick(OTHER_EDITOR, preview,
                requireButton(preview, "Confirm").path("custom_id").asText());
        Callback refusal = h.discord.awaitCallback(foreign, WAIT);
        assertEquals(Callback.REPLY, refusal.type(), refusal.data().toString());
        assertTrue(refusal.ephemeral());
        assertTrue(refusal.data().path("embeds").toString().contains("Only <@" + EDITOR + "> can confirm"),
                refusal.data().toString());

        assertNothingWritten(before, auditLines);
        assertEquals(preview.path("components"), h.discord.latestOriginal(cmd).path("components"),
                "the invoker's preview keeps its buttons");

        // Control: the same preview confirmed by its invoker does write, so "nothing" above means something.
        click(EDITOR, cmd, "Confirm");
        h.discord.awaitOriginal(cmd, title(t -> t.equals("Server #2 updated")), WAIT);
        assertEquals("Training, now with a live map",
                h.sonoran.server(2).orElseThrow().path("description").asText());
    }

    /** Scenario 5b: access is checked again on the click, by role id. */
    @Test
    void confirmAfterTheInvokerLostTheEditRoleIsRefusedAndWritesNothing() throws Exception {
        ArrayNode before = h.sonoran.servers();
        int auditLines = auditLines().size();
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 3),
                Option.string("map-type", "NORMAL"));
        JsonNode preview = awaitPreview(cmd);

        h.discord.guild().memberRoles(EDITOR);
        Interaction confirm = click(EDITOR, cmd, "Confirm");
        Callback refusal = h.discord.awaitCallback(confirm, WAIT);
        assertEquals(Callback.REPLY, refusal.type(), refusal.data().toString());
        assertTrue(refusal.ephemeral());
        String text = refusal.data().path("embeds").toString();
        assertTrue(text.contains("Not allowed") && text.contains("<@&" + EDIT_ROLE + ">"), text);

        assertNothingWritten(before, auditLines);
        assertEquals(preview.path("components"), h.discord.latestOriginal(cmd).path("components"),
                "the preview stays for when the role comes back");

        // Control: with the role back, the same button writes.
        h.discord.guild().memberRoles(EDITOR, EDIT_ROLE);
        click(EDITOR, cmd, "Confirm");
        h.discord.awaitOriginal(cmd, title(t -> t.equals("Server #3 updated")), WAIT);
        assertEquals("NORMAL", h.sonoran.server(3).orElseThrow().path("mapType").asText());
    }

    /**
     * Scenario 6: the field the member changes was changed in the CAD between preview and Confirm.
     * (Issue 12: before, a change to any field was a conflict; now only a collision is.)
     */
    @Test
    void aChangeInTheCadToTheSameFieldAfterThePreviewIsAConflictShowingBothValues() throws Exception {
        Interaction cmd = h.slash(EDITOR, "setmap", Option.integer("server", 1),
                Option.string("map-type", "OCRP POSTAL"));
        awaitPreview(cmd);
        h.sonoran.updateServer(1, server -> server.put("mapType", "NORMAL"));
        ArrayNode changedMeanwhile = h.sonoran.servers();
        int auditLines = auditLines().size();
        int readsBefore = h.sonoran.callCount(CadOperation.LIST_SERVERS);

        Interaction confirm = click(EDITOR, cmd, "Confirm");
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(confirm, WAIT).type());
        JsonNode shown = h.discord.awaitOriginal(cmd,
                title(t -> t.startsWith("Nothing written: server #1 changed meanwhile")), WAIT);
        JsonNode embed = shown.path("embeds").get(0);
        String mapType = field(embed, "Map type").orElseThrow();
        assertTrue(mapType.contains("`NORMAL`") && mapType.contains("`OCRP POSTAL`"), "both values: " + mapType);
        assertEquals(0, shown.path("components").size(), "no Confirm left to press: " + shown);

        assertEquals(readsBefore + 1, h.sonoran.callCount(CadOperation.LIST_SERVERS), "Confirm re-reads the CAD");
        assertEquals(0, h.sonoran.writes().size(), "nothing written");
        assertEquals(changedMeanwhile, h.sonoran.servers(), "the other admin's change stands");
        List<String> lines = auditLines();
        assertEquals(auditLines + 1, lines.size(), "the refused attempt is audited");
        AuditRecord record = AuditJson.fromLine(lines.get(lines.size() - 1));
        assertEquals("conflict", record.outcome());
        assertEquals(1, record.serverId());
    }

    private static JsonNode awaitPreview(Interaction cmd) {
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertEquals(Callback.DEFERRED_REPLY, ack.type(), ack.data().toString());
        assertTrue(ack.ephemeral(), "a preview is for the invoker only");
        JsonNode preview = h.discord.awaitOriginal(cmd,
                m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
        requireButton(preview, "Cancel");
        return preview;
    }

    private static Interaction click(long member, Interaction cmd, String label) {
        JsonNode message = h.discord.latestOriginal(cmd);
        return h.discord.buttonClick(member, message, requireButton(message, label).path("custom_id").asText());
    }

    private static void assertNothingWritten(ArrayNode before, int auditLines) throws IOException {
        assertEquals(0, h.sonoran.callCount(CadOperation.REPLACE_SERVERS), "no write call");
        assertEquals(before, h.sonoran.servers(), "the CAD is unchanged");
        assertEquals(auditLines, auditLines().size(), "no audit record: nothing was attempted");
    }

    private static Predicate<JsonNode> title(Predicate<String> condition) {
        return m -> m.path("embeds").size() > 0 && condition.test(m.path("embeds").get(0).path("title").asText());
    }

    private static Predicate<JsonNode> auditEmbed(String title, String server) {
        return m -> m.path("embeds").size() == 1
                && title.equals(m.path("embeds").get(0).path("title").asText())
                && field(m.path("embeds").get(0), "Server").filter(server::equals).isPresent();
    }

    private static List<String> auditLines() throws IOException {
        if (!Files.exists(h.auditFile)) {
            return List.of();
        }
        return Files.readAllLines(h.auditFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static AuditRecord lastAuditRecord() throws IOException {
        List<String> lines = auditLines();
        assertFalse(lines.isEmpty(), "the audit file has a record");
        return AuditJson.fromLine(lines.get(lines.size() - 1));
    }
}
