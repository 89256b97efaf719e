package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import livemapbot.discord.ComponentId;
import livemapbot.e2e.fake.Callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reading the bot's messages as the fake stored them, and the checks every scenario repeats. */
final class ScenarioSupport {
    /** Discord drops an interaction that is not acknowledged within this. */
    static final Duration DISCORD_ACK_LIMIT = Duration.ofSeconds(3);

    private ScenarioSupport() {
    }

    /** The callback arrived within Discord's three seconds. */
    static void assertAckedInTime(Callback callback) {
        Duration latency = Duration.ofNanos(callback.latencyNanos());
        assertTrue(latency.compareTo(DISCORD_ACK_LIMIT) < 0,
                "acknowledged after " + latency.toMillis() + " ms: " + callback);
    }

    static void assertNoUnknownRoutes(BotHarness h) {
        assertTrue(h.discord.unknownRoutes().isEmpty(), "unknown routes: " + h.discord.unknownRoutes());
    }

    /** Everything a reader sees in a message or callback payload: content, then each embed's texts. */
    static String text(JsonNode message) {
        StringBuilder text = new StringBuilder(message.path("content").asText(""));
        for (JsonNode embed : message.path("embeds")) {
            text.append('\n').append(embed.path("title").asText(""));
            text.append('\n').append(embed.path("description").asText(""));
            for (JsonNode field : embed.path("fields")) {
                text.append('\n').append(field.path("name").asText("")).append(": ").append(field.path("value").asText(""));
            }
        }
        return text.toString();
    }

    static boolean isEphemeral(JsonNode messageOrCallbackData) {
        return (messageOrCallbackData.path("flags").asInt(0) & Callback.EPHEMERAL_FLAG) != 0;
    }

    /** Custom ids of every button in the message's action rows. */
    static List<String> buttonIds(JsonNode message) {
        return buttons(message).stream().filter(b -> b.hasNonNull("custom_id"))
                .map(b -> b.get("custom_id").asText()).toList();
    }

    static boolean hasButtons(JsonNode message) {
        return !buttonIds(message).isEmpty();
    }

    /** The custom id of the message's button whose {@link ComponentId#action()} is {@code action}. */
    static String buttonId(JsonNode message, String action) {
        return buttonIds(message).stream()
                .filter(id -> ComponentId.parse(id).map(c -> c.action().equals(action)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + action + "' button in " + message));
    }

    /**
     * Waits, bounded, until the wall clock (the bot's clock) is past {@code instant}. This is a wait
     * for time itself, not for an effect: the scenario is "a click after the expiry".
     */
    static void awaitWallClockPast(Instant instant, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Instant now;
        while (!(now = Instant.now()).isAfter(instant)) {
            if (System.nanoTime() > deadline) {
                fail("the clock did not pass " + instant + " within " + atMost.toMillis() + " ms");
            }
            LockSupport.parkNanos(Duration.between(now, instant).toNanos() + 1_000_000);
        }
    }

    /**
     * The list as the bot writes it back: identical but for ports, which Sonoran serves as strings or
     * numbers and which are always written back as strings.
     */
    static ArrayNode withPortsAsText(ArrayNode servers) {
        ArrayNode copy = servers.deepCopy();
        for (JsonNode server : copy) {
            for (String port : List.of("listenerPort", "mapPort")) {
                JsonNode value = server.get(port);
                if (value != null && value.isNumber()) {
                    ((ObjectNode) server).set(port, TextNode.valueOf(value.asText()));
                }
            }
        }
        return copy;
    }

    // ---- server lists and message parts ----

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MAP_TYPES = {"NORMAL", "POSTAL", "OCRP POSTAL"};


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


    /** Whether the bot has finished the "thinking…" state of a deferred reply. */
    static boolean loaded(JsonNode message) {
        return (message.path("flags").asInt() & 128) == 0 && message.path("embeds").size() > 0;
    }
}
