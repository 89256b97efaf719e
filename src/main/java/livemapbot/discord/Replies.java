package livemapbot.discord;

import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The message shapes and sentences every command shares, each in one place, so refusals and errors
 * look and read the same everywhere.
 */
public final class Replies {
    public static final Color ERROR = new Color(0xED4245);
    public static final Color WARNING = new Color(0xFEE75C);
    public static final Color SUCCESS = new Color(0x57F287);
    public static final Color NEUTRAL = new Color(0x5865F2);

    /** A shutdown is under way: new work is refused, and work dropped from the queue says so. */
    public static final String RESTARTING = "The bot is restarting; try again in a minute.";
    /** A click on a button the bot does not (or no longer) know. */
    /** A click on a /servers card's buttons (pages, Edit) after they expired. */
    public static final String CARD_EXPIRED = "These buttons have expired; run /servers again.";
    public static final String DEAD_BUTTON = "This button no longer works.";
    /** A bug in the bot; the stack trace is logged, never shown. */
    public static final String INTERNAL_ERROR = "The bot hit an internal error; the details are in its log.";

    /** The bot's database (the store) cannot be reached, so nothing was (or may be) changed. */
    public static final String DATABASE_UNAVAILABLE = "The bot's database is unavailable; nothing was changed."
            + " Try again in a few minutes, and tell the bot's operator if it keeps happening.";

    private Replies() {
    }

    /** A short error: a title saying what failed and one or two sentences saying what to do. */
    public static MessageEmbed error(String title, String message) {
        return new EmbedBuilder().setColor(ERROR).setTitle(title).setDescription(message).build();
    }

    public static MessageEmbed refusal(String message) {
        return error("Not allowed", message);
    }

    /** The answer to a bug in the bot. */
    public static MessageEmbed internalError() {
        return error("Something went wrong", INTERNAL_ERROR);
    }

    /** The answer when the bot's database cannot be reached: nothing was changed. */
    public static MessageEmbed databaseUnavailable() {
        return error("Database unavailable", DATABASE_UNAVAILABLE);
    }

    /** The answer to a server id the CAD does not have. */
    public static MessageEmbed unknownServer(long serverId) {
        return error("Unknown server", "There is no server #" + serverId
                + " in the CAD. Pick one from the list (/servers).");
    }

    /**
     * Why the worker pool refused a task: a shutdown under way, or a full queue (a burst of commands
     * while Sonoran is slow). The two need different advice.
     */
    public static String workersUnavailable(ExecutorService workers) {
        return workers.isShutdown()
                ? RESTARTING
                : "The bot is busy with other commands; try again in a few seconds.";
    }

    /**
     * Replaces a public deferred reply by an ephemeral error. Discord cannot turn a public deferred
     * reply ephemeral, and the first follow-up after a deferred reply would replace the "thinking"
     * message (and be public). So the public placeholder is deleted first and the error follows as
     * an ephemeral message once the delete has finished, whether it worked or not.
     */
    public static void replaceWithEphemeral(InteractionHook hook, MessageEmbed error) {
        Runnable send = () -> hook.sendMessageEmbeds(List.of(error)).setEphemeral(true).queue();
        hook.deleteOriginal().queue(done -> send.run(), failure -> {
            LoggerFactory.getLogger(Replies.class).debug("could not delete the deferred reply: {}", failure.toString());
            send.run();
        });
    }
}
