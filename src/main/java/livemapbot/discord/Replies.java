package livemapbot.discord;

import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.awt.Color;

/** The few message shapes every command shares, so refusals and errors look the same everywhere. */
public final class Replies {
    public static final Color ERROR = new Color(0xED4245);
    public static final Color WARNING = new Color(0xFEE75C);
    public static final Color SUCCESS = new Color(0x57F287);
    public static final Color NEUTRAL = new Color(0x5865F2);

    private Replies() {
    }

    /** A short error: a title saying what failed and one or two sentences saying what to do. */
    public static MessageEmbed error(String title, String message) {
        return new EmbedBuilder().setColor(ERROR).setTitle(title).setDescription(message).build();
    }

    public static MessageEmbed refusal(String message) {
        return error("Not allowed", message);
    }

    /**
     * Why the worker pool refused a task: a shutdown under way, or a full queue (a burst of commands
     * while Sonoran is slow). The two need different advice.
     */
    public static String workersUnavailable(java.util.concurrent.ExecutorService workers) {
        return workers.isShutdown()
                ? "The bot is restarting; try again in a minute."
                : "The bot is busy with other commands; try again in a few seconds.";
    }
}
