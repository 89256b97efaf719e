package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Objects;

/**
 * One option of an injected slash command or autocomplete, as Discord puts it into {@code data.options}.
 *
 * @param type Discord's option type: 1 subcommand (value: its options), 3 string, 4 integer, 5 boolean
 */
public record Option(String name, int type, JsonNode value, boolean focused) {
    public static final int SUB_COMMAND = 1;
    public static final int STRING = 3;
    public static final int INTEGER = 4;
    public static final int BOOLEAN = 5;

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** A subcommand ({@code /livemap setup}) with its own options, nested as Discord sends it. */
    public static Option subcommand(String name, Option... options) {
        com.fasterxml.jackson.databind.node.ArrayNode nested = Json.array();
        for (Option option : options) {
            nested.add(option.toJson());
        }
        return new Option(name, SUB_COMMAND, nested, false);
    }

    public static Option string(String name, String value) {
        return new Option(name, STRING, TextNode.valueOf(value), false);
    }

    public static Option integer(String name, long value) {
        return new Option(name, INTEGER, LongNode.valueOf(value), false);
    }

    public static Option bool(String name, boolean value) {
        return new Option(name, BOOLEAN, BooleanNode.valueOf(value), false);
    }

    /**
     * The option the user is typing in an autocomplete interaction: the value is always a string, as Discord sends
     * it. {@link FakeDiscord#autocomplete} replaces the type with the registered option's type when it knows it.
     */
    public static Option focused(String name, String typedSoFar) {
        return new Option(name, STRING, TextNode.valueOf(typedSoFar), true);
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object().put("name", name).put("type", type);
        json.set(type == SUB_COMMAND ? "options" : "value", value);
        if (focused) {
            json.put("focused", true);
        }
        return json;
    }
}
