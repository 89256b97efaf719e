package livemapbot.e2e.fake;

/**
 * Handle of one INTERACTION_CREATE the fake sent.
 *
 * @param type      2 slash command, 3 component (button), 4 autocomplete, 5 modal submit
 * @param name      the command name, or the button's custom id
 * @param messageId for a button click the message the button sits on (its {@code @original}); 0 otherwise
 * @param sentNanos {@link System#nanoTime()} just before the frame was handed to the WebSocket
 * @param guildId   the guild it happened in (its shard's session carried it)
 */
public record Interaction(long id, String token, int type, String name, long memberId, long channelId,
                          long messageId, long sentNanos, long guildId) {
    public static final int COMMAND = 2;
    public static final int COMPONENT = 3;
    public static final int AUTOCOMPLETE = 4;
    public static final int MODAL_SUBMIT = 5;

    @Override
    public String toString() {
        // The token is an interaction credential on real Discord, so it stays out of test output.
        return "Interaction[id=" + id + ", type=" + type + ", name=" + name + ", member=" + memberId + ", guild=" + guildId + "]";
    }
}
