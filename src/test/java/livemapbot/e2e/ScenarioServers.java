package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Server lists for the emulator, shaped like the API serves them (every documented field), and
 * small readers for the message JSON the fake Discord stores.
 */
final class ScenarioServers {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MAP_TYPES = {"NORMAL", "POSTAL", "OCRP POSTAL"};

    private ScenarioServers() {
    }

    /**
     * {@code count} servers with ids 1..count named by {@code name}; the map is on for even ids,
     * and each description is {@code descriptionLength} characters long.
     */
    static ArrayNode list(int count, IntFunction<String> name, int descriptionLength) {
        ArrayNode servers = JSON.createArrayNode();
        for (int id = 1; id <= count; id++) {
            ObjectNode server = servers.addObject();
            server.put("id", id);
            server.put("name", name.apply(id));
            server.put("description", description(id, descriptionLength));
            server.putNull("signal");
            server.put("mapUrl", "https://cad.example.invalid/map/community/e2e/server" + id + "/index.html");
            server.put("mapIp", "203.0.113." + id);
            server.put("mapPort", "30121");
            server.put("differingOutbound", false);
            server.put("outboundIp", "");
            server.put("listenerPort", Integer.toString(30120 + id));
            server.put("enableMap", id % 2 == 0);
            server.put("mapType", MAP_TYPES[id % MAP_TYPES.length]);
            server.put("isStatic", false);
        }
        return servers;
    }

    private static String description(int id, int length) {
        StringBuilder text = new StringBuilder("Description of server " + id + ".");
        while (text.length() < length) {
            text.append(" Patrol zone ").append(id).append(" covers the county and the city.");
        }
        return text.substring(0, length);
    }

    /** The buttons of a message (all action rows), in order. */
    static List<JsonNode> buttons(JsonNode message) {
        List<JsonNode> buttons = new ArrayList<>();
        for (JsonNode row : message.path("components")) {
            for (JsonNode component : row.path("components")) {
                if (component.path("type").asInt() == 2) {
                    buttons.add(component);
                }
            }
        }
        return buttons;
    }

    static Optional<JsonNode> button(JsonNode message, String label) {
        return buttons(message).stream().filter(b -> label.equals(b.path("label").asText())).findFirst();
    }

    static JsonNode requireButton(JsonNode message, String label) {
        return button(message, label).orElseThrow(
                () -> new AssertionError("no button '" + label + "' in " + message.path("components")));
    }

    /** The value of the embed field called {@code name}, or empty. */
    static Optional<String> field(JsonNode embed, String name) {
        for (JsonNode field : embed.path("fields")) {
            if (name.equals(field.path("name").asText())) {
                return Optional.of(field.path("value").asText());
            }
        }
        return Optional.empty();
    }

    static boolean isEphemeral(JsonNode message) {
        return (message.path("flags").asInt() & 64) != 0;
    }

    /** Whether the bot has finished the "thinking…" state of a deferred reply. */
    static boolean loaded(JsonNode message) {
        return (message.path("flags").asInt() & 128) == 0 && message.path("embeds").size() > 0;
    }
}
