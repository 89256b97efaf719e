package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.audit.AuditJson;
import livemapbot.audit.AuditRecord;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.ModalValue;
import livemapbot.e2e.fake.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.OTHER_EDITOR;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.button;
import static livemapbot.e2e.ScenarioSupport.field;
import static livemapbot.e2e.ScenarioSupport.requireButton;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: editing from the {@code /servers} card. An editor's detail card has Edit and More
 * settings; the form opens pre-filled as the first answer to the click (no CAD call), and a submit
 * goes through the same preview, Confirm and merge as {@code /setmap}.
 */
class EditE2ETest {
    private static BotHarness h;

    @BeforeAll
    static void start() {
        // Every /servers reads fresh, so the card (and the form) shows what the emulator holds now.
        h = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "0").start();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @BeforeEach
    void knownServers() {
        h.sonoran.setServers(ScenarioSupport.list(4, id -> "Server " + id, 40));
        h.sonoran.clearHistory();
    }

    @AfterEach
    void noUnknownRoutes() {
        assertNoUnknownRoutes(h);
    }

    @Test
    void editOpensAFormPrefilledWithTheCurrentValuesAndItsSubmitIsConfirmedInOneWrite() throws Exception {
        JsonNode card = card(EDITOR, 2);
        int readsForTheCard = (int) h.sonoran.totalCalls();
        Interaction click = h.discord.buttonClick(EDITOR, card, requireButton(card, "Edit").path("custom_id").asText());
        Callback modal = h.discord.awaitCallback(click, WAIT);
        assertAckedInTime(modal);
        assertEquals(Callback.MODAL, modal.type(), "the form is the first answer to the click: " + modal.data());
        assertEquals(readsForTheCard, h.sonoran.totalCalls(), "no CAD call before the form opens");
        assertTrue(modal.data().path("title").asText().contains("#2"), modal.data().toString());
        Map<String, String> shown = prefilled(modal.data());
        assertEquals("Server 2", shown.get("name"));
        assertEquals(h.sonoran.server(2).orElseThrow().path("description").asText(), shown.get("description"));
        assertEquals(h.sonoran.server(2).orElseThrow().path("mapUrl").asText(), shown.get("mapUrl"));
        assertEquals("OCRP POSTAL", shown.get("mapType"));
        assertEquals("true", shown.get("enableMap"));

        Interaction submit = submit(EDITOR, modal, card, Map.of("name", "Harbor", "mapType", "NORMAL"));
        Callback preview = h.discord.awaitCallback(submit, WAIT);
        assertAckedInTime(preview);
        assertEquals(Callback.REPLY, preview.type());
        assertTrue(preview.ephemeral());
        JsonNode message = h.discord.latestOriginal(submit);
        JsonNode embed = message.path("embeds").get(0);
        assertEquals("Change server #2?", embed.path("title").asText(), message.toString());
        assertEquals("`Server 2` → `Harbor`", field(embed, "Name").orElseThrow());
        assertEquals("`OCRP POSTAL` → `NORMAL`", field(embed, "Map type").orElseThrow());
        assertEquals(2, embed.path("fields").size() - 1, "only the changed fields (plus the Live Map line): " + embed);
        assertEquals(0, h.sonoran.writes().size(), "a preview writes nothing");

        Interaction confirm = h.discord.buttonClick(EDITOR, message, requireButton(message, "Confirm").path("custom_id").asText());
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(confirm, WAIT).type());
        h.discord.awaitOriginal(submit, m -> text(m).contains("Server #2 updated"), WAIT);
        assertEquals(1, h.sonoran.writes().size(), "exactly one write");
        JsonNode written = h.sonoran.server(2).orElseThrow();
        assertEquals("Harbor", written.path("name").asText());
        assertEquals("NORMAL", written.path("mapType").asText());
        AuditRecord record = lastAudit();
        assertEquals("success", record.outcome());
        assertEquals(List.of("name", "mapType"), record.changes().stream().map(c -> c.field()).toList());
    }

    @Test
    void onlyAnEditorsCardHasEditAndAForgedClickIsRefusedWithoutAForm() {
        JsonNode viewersCard = card(VIEWER, 1);
        assertTrue(button(viewersCard, "Edit").isEmpty(), "no Edit for a viewer: " + viewersCard.path("components"));
        JsonNode editorsCard = card(EDITOR, 1);
        String edit = requireButton(editorsCard, "Edit").path("custom_id").asText();
        requireButton(editorsCard, "More settings");

        Interaction forged = h.discord.buttonClick(VIEWER, editorsCard, edit);
        Callback answer = h.discord.awaitCallback(forged, WAIT);
        assertEquals(Callback.REPLY, answer.type(), "refused, no modal: " + answer.data());
        assertTrue(answer.ephemeral());
        assertTrue(text(answer.data()).contains("<@&" + BotHarness.EDIT_ROLE + ">"), text(answer.data()));
    }

    @Test
    void aSubmitAfterAnotherFieldChangedInTheCadIsMergedAndTheResultSaysWhatWasKept() throws Exception {
        JsonNode card = card(EDITOR, 3);
        Callback modal = openForm(card, "Edit");
        h.sonoran.updateServer(3, s -> s.put("description", "Changed in the CAD meanwhile"));

        Interaction submit = submit(EDITOR, modal, card, Map.of("mapType", "POSTAL"));
        JsonNode message = awaitPreview(submit);
        assertFalse(text(message).contains("Description"), "the member did not change the description: " + text(message));
        confirm(message);

        JsonNode done = h.discord.awaitOriginal(submit, m -> text(m).contains("Server #3 updated"), WAIT);
        assertTrue(text(done).contains("Also changed meanwhile (kept): description by someone outside the bot"),
                text(done));
        assertEquals(1, h.sonoran.writes().size());
        JsonNode written = h.sonoran.server(3).orElseThrow();
        assertEquals("POSTAL", written.path("mapType").asText());
        assertEquals("Changed in the CAD meanwhile", written.path("description").asText(), "the other change is kept");
    }

    @Test
    void aSubmitChangingAFieldThatChangedInTheCadIsAConflictShowingBothValues() throws Exception {
        JsonNode card = card(EDITOR, 4);
        Callback modal = openForm(card, "More settings");
        assertEquals("30124", prefilled(modal.data()).get("listenerPort"));
        h.sonoran.updateServer(4, s -> s.put("listenerPort", "30199"));

        Interaction submit = submit(EDITOR, modal, card, Map.of("listenerPort", "30150"));
        JsonNode message = awaitPreview(submit);
        confirm(message);

        JsonNode shown = h.discord.awaitOriginal(submit, m -> text(m).contains("changed meanwhile"), WAIT);
        String port = field(shown.path("embeds").get(0), "Listener port").orElseThrow();
        assertTrue(port.contains("`30199`") && port.contains("`30150`"), "both values: " + port);
        assertEquals(0, h.sonoran.writes().size(), "nothing written");
        assertEquals("30199", h.sonoran.server(4).orElseThrow().path("listenerPort").asText());
        assertEquals("conflict", lastAudit().outcome());
    }

    @Test
    void aSubmitThatChangesNothingSaysSo() {
        JsonNode card = card(EDITOR, 1);
        Callback modal = openForm(card, "Edit");
        Interaction submit = submit(EDITOR, modal, card, Map.of());
        Callback answer = h.discord.awaitCallback(submit, WAIT);
        assertTrue(text(answer.data()).contains("already has these settings"), text(answer.data()));
        assertTrue(answer.data().path("components").isEmpty());
    }

    /**
     * Issue 12: two members edit one server at once, one from the card and one with /setmap. Different
     * fields both land (the second is told what it kept); the same field makes the second a conflict.
     */
    @Test
    void concurrentEditsOfDifferentFieldsBothLandAndOfTheSameFieldTheSecondIsAConflict() throws Exception {
        JsonNode card = card(EDITOR, 1);
        Interaction submit = submit(EDITOR, openForm(card, "Edit"), card, Map.of("name", "Harbor"));
        JsonNode first = awaitPreview(submit);
        Interaction other = h.slash(OTHER_EDITOR, "setmap", Option.integer("server", 1),
                Option.string("description", "Set by the other editor"));
        JsonNode second = h.discord.awaitOriginal(other, m -> button(m, "Confirm").isPresent(), WAIT);

        confirm(first);
        h.discord.awaitOriginal(submit, m -> text(m).contains("Server #1 updated"), WAIT);
        Interaction click = h.discord.buttonClick(OTHER_EDITOR, second,
                requireButton(second, "Confirm").path("custom_id").asText());
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(click, WAIT).type());
        JsonNode done = h.discord.awaitOriginal(other, m -> text(m).contains("Server #1 updated"), WAIT);
        assertTrue(text(done).contains("Also changed meanwhile (kept): name by another edit through the bot"),
                text(done));
        JsonNode server = h.sonoran.server(1).orElseThrow();
        assertEquals("Harbor", server.path("name").asText(), "the first edit stands");
        assertEquals("Set by the other editor", server.path("description").asText(), "the second landed too");

        // The same field from both: the second is a conflict with both values.
        Interaction mine = h.slash(EDITOR, "setmap", Option.integer("server", 1), Option.string("name", "Mine"));
        JsonNode minePreview = h.discord.awaitOriginal(mine, m -> button(m, "Confirm").isPresent(), WAIT);
        Interaction theirs = h.slash(OTHER_EDITOR, "setmap", Option.integer("server", 1), Option.string("name", "Theirs"));
        JsonNode theirsPreview = h.discord.awaitOriginal(theirs, m -> button(m, "Confirm").isPresent(), WAIT);
        confirm(minePreview);
        h.discord.awaitOriginal(mine, m -> text(m).contains("Server #1 updated"), WAIT);
        h.discord.buttonClick(OTHER_EDITOR, theirsPreview, requireButton(theirsPreview, "Confirm").path("custom_id").asText());
        JsonNode conflict = h.discord.awaitOriginal(theirs, m -> text(m).contains("changed meanwhile"), WAIT);
        String name = field(conflict.path("embeds").get(0), "Name").orElseThrow();
        assertTrue(name.contains("`Mine`") && name.contains("`Theirs`"), "both values: " + name);
        assertEquals("Mine", h.sonoran.server(1).orElseThrow().path("name").asText());
        assertEquals(3, h.sonoran.writes().size(), "three writes, none for the conflict");
    }

    // ---- helpers ----

    /** The detail card of {@code server} as {@code member} sees it. */
    private static JsonNode card(long member, int server) {
        Interaction cmd = h.slash(member, "servers", Option.integer("server", server));
        return h.discord.awaitOriginal(cmd, ScenarioSupport::loaded, WAIT);
    }

    private static Callback openForm(JsonNode card, String label) {
        Interaction click = h.discord.buttonClick(EDITOR, card, requireButton(card, label).path("custom_id").asText());
        Callback modal = h.discord.awaitCallback(click, WAIT);
        assertEquals(Callback.MODAL, modal.type(), modal.data().toString());
        return modal;
    }

    /** Each field's pre-filled value: a text input's value, a select's default option. */
    private static Map<String, String> prefilled(JsonNode modal) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (JsonNode label : modal.path("components")) {
            JsonNode c = label.path("component");
            if (c.path("type").asInt() == ModalValue.TEXT_INPUT) {
                values.put(c.path("custom_id").asText(), c.path("value").asText(""));
            } else {
                for (JsonNode option : c.path("options")) {
                    if (option.path("default").asBoolean()) {
                        values.put(c.path("custom_id").asText(), option.path("value").asText());
                    }
                }
            }
        }
        return values;
    }

    /** Submits every field of the form as Discord does: as pre-filled, but for {@code changes}. */
    private static Interaction submit(long member, Callback modal, JsonNode card, Map<String, String> changes) {
        List<ModalValue> fields = new ArrayList<>();
        for (JsonNode label : modal.data().path("components")) {
            JsonNode c = label.path("component");
            String id = c.path("custom_id").asText();
            String value = changes.getOrDefault(id, prefilled(modal.data()).getOrDefault(id, ""));
            fields.add(c.path("type").asInt() == ModalValue.TEXT_INPUT ? ModalValue.text(id, value)
                    : ModalValue.select(id, value));
        }
        return h.discord.modalSubmit(member, modal.data().path("custom_id").asText(), card,
                fields.toArray(ModalValue[]::new));
    }

    private static JsonNode awaitPreview(Interaction submit) {
        assertEquals(Callback.REPLY, h.discord.awaitCallback(submit, WAIT).type());
        JsonNode message = h.discord.latestOriginal(submit);
        requireButton(message, "Confirm");
        return message;
    }

    private static void confirm(JsonNode preview) {
        Interaction click = h.discord.buttonClick(EDITOR, preview, requireButton(preview, "Confirm").path("custom_id").asText());
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(click, WAIT).type());
    }

    private static AuditRecord lastAudit() throws Exception {
        List<String> lines = Files.readAllLines(h.auditFile, StandardCharsets.UTF_8);
        return AuditJson.fromLine(lines.get(lines.size() - 1));
    }
}
