package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * One submitted field of a modal, as Discord puts it into a MODAL_SUBMIT's {@code data.components}: every field sits
 * in a Label (type 18) whose {@code component} is a text input (type 4, {@code value}) or a select menu
 * (string 3, role 6, channel 8: {@code values}).
 */
public record ModalValue(String customId, int componentType, String text, List<String> values) {
    public static final int TEXT_INPUT = 4;
    public static final int STRING_SELECT = 3;
    public static final int ROLE_SELECT = 6;
    public static final int CHANNEL_SELECT = 8;
    private static final int LABEL = 18;

    public ModalValue {
        Objects.requireNonNull(customId, "customId");
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** What the member typed into a text input (an untouched pre-filled input submits its pre-filled value). */
    public static ModalValue text(String customId, String value) {
        return new ModalValue(customId, TEXT_INPUT, Objects.requireNonNull(value, "value"), List.of());
    }

    /** The options the member chose in a string select menu inside the modal. */
    public static ModalValue select(String customId, String... values) {
        return new ModalValue(customId, STRING_SELECT, null, List.of(values));
    }

    /** Roles chosen in a role select menu (ids as strings, as Discord sends them). */
    public static ModalValue roles(String customId, long... roleIds) {
        return new ModalValue(customId, ROLE_SELECT, null, ids(roleIds));
    }

    /** Channels chosen in a channel select menu. */
    public static ModalValue channels(String customId, long... channelIds) {
        return new ModalValue(customId, CHANNEL_SELECT, null, ids(channelIds));
    }

    private static List<String> ids(long... ids) {
        return java.util.Arrays.stream(ids).mapToObj(Long::toString).toList();
    }

    ObjectNode toJson(int labelId) {
        ObjectNode label = Json.object().put("type", LABEL).put("id", labelId);
        ObjectNode component = label.putObject("component").put("type", componentType).put("custom_id", customId)
                .put("id", labelId + 1);
        if (componentType == TEXT_INPUT) {
            component.put("value", text);
        } else {
            ArrayNode array = component.putArray("values");
            values.forEach(array::add);
        }
        return label;
    }
}
