package livemapbot.metrics;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the bot counts and times (README "Metrics and health"), in the bot's own words: the rest of
 * the code calls this and never sees a metrics library. {@link #off()} does nothing and costs
 * nothing (metrics.port=0); {@link PrometheusMetrics} keeps the figures for {@code /metrics}.
 *
 * <p>Every label value is one of a small fixed set (a command name, an outcome, an operation, a
 * verdict): never a member, guild or server id, a server name, a URL or a secret. Implementations
 * reduce whatever they are given to lower-case letters, digits and underscores.
 */
public interface BotMetrics {

    /**
     * What became of one interaction when the bot dispatched it (slash command, button, modal). A
     * command whose work went to a worker counts as {@link #OK} there; how its Sonoran call ended is
     * in {@link #sonoranCall} and {@link #conflict}.
     */
    enum CommandOutcome {
        /** Answered, or handed to a worker that will answer. */
        OK,
        /** The member's roles or the community's plan do not allow it (the "Not allowed" reply). */
        REFUSED,
        /** The worker queue was full ("The bot is busy…"). */
        BUSY,
        /** Shutdown under way ("The bot is restarting…"). */
        RESTARTING,
        /** The handler threw: the member got the internal-error reply. */
        FAILED,
        /** Not from the bot's guild, or from a DM. */
        WRONG_GUILD,
        /** A command or button the bot no longer handles. */
        UNKNOWN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One interaction dispatched; {@code kind} is slash, button or modal. */
    void command(String command, String kind, CommandOutcome outcome);

    /** From the interaction reaching the bot to its acknowledgement (the first callback) being sent. */
    void acknowledged(Duration latency);

    /** One Sonoran operation (retries included) and how it ended: ok, or the failure's kind. */
    void sonoranCall(String operation, String outcome, Duration took);

    /** A wait before a Sonoran call: {@code pace} (the bot's own pacing) or {@code sonoran_429} (Sonoran's back-off). */
    void rateLimitWait(String source, Duration waited);

    /** A write refused because the CAD changed since the preview: fields, gone or list_changed. */
    void conflict(String kind);

    /** A change made outside the bot, found by the drift watch; {@code kind} is the classification. */
    void driftDetected(String kind);

    /** One game-server probe's verdict (online, unreachable, …). */
    void probeVerdict(String verdict);

    /** One call to the bot's database: the operation without any id, whether it worked, how long. */
    void storeCall(String operation, boolean ok, Duration took);

    /** Reports {@code count} as the number of guilds set up (1 in single-community mode). */
    void guildsSetUp(IntSupplier count);

    /** Nothing counted, nothing kept. */
    static BotMetrics off() {
        return Off.INSTANCE;
    }

    /** The no-op, a singleton. */
    final class Off implements BotMetrics {
        static final Off INSTANCE = new Off();

        private Off() {
        }

        @Override
        public void command(String command, String kind, CommandOutcome outcome) {
        }

        @Override
        public void acknowledged(Duration latency) {
        }

        @Override
        public void sonoranCall(String operation, String outcome, Duration took) {
        }

        @Override
        public void rateLimitWait(String source, Duration waited) {
        }

        @Override
        public void conflict(String kind) {
        }

        @Override
        public void driftDetected(String kind) {
        }

        @Override
        public void probeVerdict(String verdict) {
        }

        @Override
        public void storeCall(String operation, boolean ok, Duration took) {
        }

        @Override
        public void guildsSetUp(IntSupplier count) {
        }
    }
}
