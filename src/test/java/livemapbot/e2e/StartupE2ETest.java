package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.Option;
import livemapbot.e2e.fake.RecordedCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static livemapbot.e2e.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 1: what the production start-up registers in Discord, read from the fake's record of
 * the bulk overwrite (the JSON Discord itself would have received).
 */
class StartupE2ETest {
    private static final int GUILD_CONTEXT = 0;

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

    @AfterEach
    void noUnknownRoutes() {
        assertTrue(h.discord.unknownRoutes().isEmpty(), h.discord.unknownRoutes().toString());
    }

    @Test
    void registersExactlyTheFiveCommandsInTheGuildWithOneBulkOverwriteAndNoGlobalCommand() {
        JsonNode registered = h.discord.awaitRegisteredCommands(WAIT);
        // Issue 10 added /maphistory and /maprollback.
        assertEquals(List.of("servers", "setmap", "deploymap", "maphistory", "maprollback"), names(registered));
        assertEquals(0, h.discord.globalCommands().size(), h.discord.globalCommands().toString());

        String guildCommands = "applications/" + FakeDiscord.DEFAULT_APPLICATION_ID + "/guilds/"
                + FakeDiscord.DEFAULT_GUILD_ID + "/commands";
        List<RecordedCall> commandCalls = h.discord.requests().stream()
                .filter(c -> c.route().contains("/commands")).toList();
        assertEquals(1, commandCalls.size(), "one registration call: " + commandCalls);
        assertEquals("PUT", commandCalls.get(0).method());
        assertEquals(guildCommands, commandCalls.get(0).route());
        for (JsonNode command : registered) {
            assertEquals(Long.toString(FakeDiscord.DEFAULT_GUILD_ID), command.path("guild_id").asText());
        }
    }

    @Test
    void everyCommandIsAGuildOnlySlashCommand() {
        for (JsonNode command : h.discord.awaitRegisteredCommands(WAIT)) {
            String name = command.path("name").asText();
            assertEquals(1, command.path("type").asInt(), name + " is a chat-input command");
            JsonNode contexts = command.path("contexts");
            assertTrue(contexts.isArray(), name + " has contexts: " + command);
            assertEquals(1, contexts.size(), name + " contexts: " + contexts);
            assertEquals(GUILD_CONTEXT, contexts.get(0).asInt(), name + " contexts: " + contexts);
            assertFalse(command.path("description").asText().isBlank(), name + " has a description");
        }
    }

    @Test
    void serversHasOneOptionalAutocompletedIntegerServerOption() {
        JsonNode options = command("servers").path("options");
        assertEquals(1, options.size(), options.toString());
        assertOption(options.get(0), "server", Option.INTEGER, false, true);
    }

    @Test
    void setmapHasTheDocumentedOptionsInOrder() {
        JsonNode options = command("setmap").path("options");
        Map<String, JsonNode> byName = byName(options);
        assertEquals(List.of("server", "enable-map", "map-type", "map-ip", "listener-port", "differing-outbound",
                "outbound-ip", "map-url", "name", "description", "deploy"), new ArrayList<>(byName.keySet()));

        assertOption(byName.get("server"), "server", Option.INTEGER, true, true);
        assertOption(byName.get("enable-map"), "enable-map", Option.BOOLEAN, false, false);
        assertOption(byName.get("map-type"), "map-type", Option.STRING, false, false);
        assertOption(byName.get("map-ip"), "map-ip", Option.STRING, false, false);
        assertOption(byName.get("listener-port"), "listener-port", Option.INTEGER, false, false);
        assertOption(byName.get("differing-outbound"), "differing-outbound", Option.BOOLEAN, false, false);
        assertOption(byName.get("outbound-ip"), "outbound-ip", Option.STRING, false, false);
        assertOption(byName.get("map-url"), "map-url", Option.STRING, false, false);
        assertOption(byName.get("name"), "name", Option.STRING, false, false);
        assertOption(byName.get("description"), "description", Option.STRING, false, false);
        assertOption(byName.get("deploy"), "deploy", Option.BOOLEAN, false, false);

        JsonNode choices = byName.get("map-type").path("choices");
        List<String> choiceNames = new ArrayList<>();
        for (JsonNode choice : choices) {
            assertEquals(choice.path("name").asText(), choice.path("value").asText(), choice.toString());
            choiceNames.add(choice.path("value").asText());
        }
        assertEquals(List.of("NORMAL", "POSTAL", "OCRP POSTAL"), choiceNames);

        JsonNode port = byName.get("listener-port");
        assertEquals(1, port.path("min_value").asLong(), port.toString());
        assertEquals(65535, port.path("max_value").asLong(), port.toString());
        assertEquals(100, byName.get("name").path("max_length").asInt(), byName.get("name").toString());
        assertEquals(1000, byName.get("description").path("max_length").asInt(),
                byName.get("description").toString());
    }

    @Test
    void deploymapHasOnlyAnOptionalNote() {
        JsonNode options = command("deploymap").path("options");
        assertEquals(1, options.size(), options.toString());
        assertOption(options.get(0), "note", Option.STRING, false, false);
        assertEquals(200, options.get(0).path("max_length").asInt(), options.get(0).toString());
    }

    private static JsonNode command(String name) {
        for (JsonNode command : h.discord.awaitRegisteredCommands(WAIT)) {
            if (command.path("name").asText().equals(name)) {
                return command;
            }
        }
        throw new AssertionError("/" + name + " is not registered");
    }

    private static void assertOption(JsonNode option, String name, int type, boolean required, boolean autocomplete) {
        assertEquals(name, option.path("name").asText(), option.toString());
        assertEquals(type, option.path("type").asInt(), name + " type: " + option);
        assertEquals(required, option.path("required").asBoolean(false), name + " required: " + option);
        assertEquals(autocomplete, option.path("autocomplete").asBoolean(false), name + " autocomplete: " + option);
        assertTrue(option.path("options").isEmpty(), name + " has no sub-options: " + option);
        assertFalse(option.path("description").asText().isBlank(), name + " has a description");
    }

    private static List<String> names(JsonNode commands) {
        List<String> names = new ArrayList<>();
        commands.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static Map<String, JsonNode> byName(JsonNode options) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        options.forEach(o -> result.put(o.path("name").asText(), o));
        assertEquals(options.size(), result.size(), "option names are unique: " + options);
        return result;
    }
}
