package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The bot's answer to an interaction ({@code POST interactions/{id}/{token}/callback}).
 *
 * @param type          4 reply, 5 deferred reply, 6 deferred update, 7 update message, 8 autocomplete result, 9 modal
 * @param data          the callback's {@code data} (a missing node for types without data)
 * @param receivedNanos {@link System#nanoTime()} when the request reached the fake
 */
public record Callback(Interaction interaction, int type, JsonNode data, long receivedNanos) {
    public static final int REPLY = 4;
    public static final int DEFERRED_REPLY = 5;
    public static final int DEFERRED_UPDATE = 6;
    public static final int UPDATE_MESSAGE = 7;
    public static final int AUTOCOMPLETE_RESULT = 8;
    public static final int MODAL = 9;

    public static final int EPHEMERAL_FLAG = 64;

    public Callback {
        data = data == null ? MissingNode.getInstance() : data;
    }

    /** INTERACTION_CREATE sent → callback received, the latency a user feels before Discord shows anything. */
    public long latencyNanos() {
        return receivedNanos - interaction.sentNanos();
    }

    public boolean ephemeral() {
        return (data.path("flags").asInt(0) & EPHEMERAL_FLAG) != 0;
    }
}
