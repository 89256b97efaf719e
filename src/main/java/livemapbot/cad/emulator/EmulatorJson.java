package livemapbot.cad.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The emulator's JSON handling: exact numbers, so a stored list is served back as it was sent. */
final class EmulatorJson {
    /**
     * Big decimals with exact scale: "1.10" must come back as "1.10", not "1.1", because the
     * emulator promises to keep what a client sent verbatim.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EmulatorJson() {
    }

    /** The parsed body, or empty when it is not JSON at all (the API answers that as a bad request). */
    static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** {@code {"servers":[…]}}, the shape both API versions answer a server list with. */
    static byte[] serversDocument(ArrayNode servers) {
        ObjectNode document = object();
        document.set("servers", servers);
        return bytes(document);
    }

    /**
     * Whether {@code servers} is a list the emulator accepts as a server configuration: every
     * entry an object carrying an integral {@code id}. Everything else in an entry is kept as is.
     */
    static boolean isServerList(JsonNode servers) {
        if (servers == null || !servers.isArray()) {
            return false;
        }
        for (JsonNode entry : servers) {
            if (!entry.isObject() || !entry.path("id").isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }
}
