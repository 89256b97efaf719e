package livemapbot.status;

/**
 * What the probe concluded about one server, worst news last. What was observed, from the bot's
 * network: a game server that firewalls its HTTP endpoints is "unreachable from the bot" while
 * players connect fine, so no verdict claims more than that.
 */
public enum ProbeVerdict {
    /** {@code dynamic.json} answered, {@code sonorancad} is started and its push path answers. */
    ONLINE("🟢", "Online"),
    /** The game server answers, but {@code sonorancad} is not among its started resources. */
    ONLINE_RESOURCE_NOT_RUNNING("🟡", "Online, sonorancad not running"),
    /** {@code sonorancad} is started, but {@code /sonorancad/…} does not answer as the resource does. */
    ONLINE_PUSH_PATH_NOT_ANSWERING("🟡", "Online, push path not answering"),
    /** The game server refuses the bot's HTTP requests: 403 {@code Nope.} or 429. */
    HTTP_INFO_BLOCKED("🟠", "HTTP info blocked"),
    /** No FXServer answered on the configured address and port (refused, timed out, …). */
    UNREACHABLE("🔴", "Unreachable from the bot"),
    /** Nothing was sent; {@link ProbeReason} says why. */
    NOT_PROBED("⚪", "Not probed");

    private final String emoji;
    private final String label;

    ProbeVerdict(String emoji, String label) {
        this.emoji = emoji;
        this.label = label;
    }

    /** One coloured circle for a status line: green, yellow (online with a problem), orange, red, white. */
    public String emoji() {
        return emoji;
    }

    /** The verdict in a few words, e.g. "Online, sonorancad not running". */
    public String label() {
        return label;
    }

    /** Whether the game server itself answered as an FXServer. */
    public boolean answered() {
        return this == ONLINE || this == ONLINE_RESOURCE_NOT_RUNNING || this == ONLINE_PUSH_PATH_NOT_ANSWERING
                || this == HTTP_INFO_BLOCKED;
    }
}
