package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import livemapbot.discord.ComponentId;
import livemapbot.e2e.fake.Callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

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
        List<String> ids = new ArrayList<>();
        for (JsonNode row : message.path("components")) {
            for (JsonNode component : row.path("components")) {
                if (component.hasNonNull("custom_id")) {
                    ids.add(component.get("custom_id").asText());
                }
            }
        }
        return ids;
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
}
