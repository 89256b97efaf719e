package livemapbot.discord;

import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import livemapbot.metrics.BotMetrics;
import livemapbot.metrics.BotMetrics.CommandOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands each interaction to its command. Refuses interactions from other guilds and DMs (the
 * commands are registered in one guild only, but a stale global registration or a forwarded id
 * should not reach the CAD), and stops taking new work once shutdown has begun.
 */
public final class CommandRouter extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);
    static final String WRONG_GUILD = "This bot only works in its own server's channels.";

    private final long guildId;
    private final Map<String, BotCommand> commands = new LinkedHashMap<>();
    private volatile boolean accepting = true;
    private final BotMetrics metrics;
    private final AckTimer acks;

    public CommandRouter(long guildId, List<BotCommand> commands) {
        this(guildId, commands, BotMetrics.off());
    }

    /** As {@link #CommandRouter(long, List)}, counting every interaction and timing its acknowledgement. */
    public CommandRouter(long guildId, List<BotCommand> commands, BotMetrics metrics) {
        this.guildId = guildId;
        this.metrics = metrics;
        this.acks = new AckTimer(metrics);
        for (BotCommand command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    public List<BotCommand> commands() {
        return List.copyOf(commands.values());
    }

    /** Times acknowledgements: told of every REST call JDA sends ({@link PendingRestCalls}). */
    AckTimer acks() {
        return acks;
    }

    /** Called at shutdown: new interactions are answered with a short refusal. */
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        acks.received(event.getIdLong());
        BotCommand command = commands.get(event.getName());
        String name = command == null ? "other" : command.name();
        if (!admit(event)) {
            refuse(event, name, "slash");
            return;
        }
        if (command == null) {
            event.reply("This command is not handled by this bot any more.").setEphemeral(true).queue();
            metrics.command(name, "slash", CommandOutcome.UNKNOWN);
            return;
        }
        handle(event, "/" + event.getName(), name, "slash", () -> command.onSlash(event));
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        BotCommand command = commands.get(event.getName());
        if (!admit(event) || command == null) {
            event.replyChoices(List.of()).queue();
            return;
        }
        try {
            command.onAutocomplete(event);
        } catch (RuntimeException e) {
            LOG.error("autocomplete of /{} failed", event.getName(), e);
            if (!event.isAcknowledged()) {
                event.replyChoices(List.of()).queue();
            }
        }
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        acks.received(event.getIdLong());
        Optional<ComponentId> id = ComponentId.parse(event.getComponentId());
        BotCommand command = id.map(ComponentId::command).map(commands::get).orElse(null);
        String name = command == null ? "other" : command.name();
        if (!admit(event)) {
            refuse(event, name, "button");
            return;
        }
        if (command == null) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            metrics.command(name, "button", CommandOutcome.UNKNOWN);
            return;
        }
        handle(event, "button " + event.getComponentId(), name, "button", () -> command.onButton(event, id.get()));
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        acks.received(event.getIdLong());
        Optional<ComponentId> id = ComponentId.parse(event.getModalId());
        BotCommand command = id.map(ComponentId::command).map(commands::get).orElse(null);
        String name = command == null ? "other" : command.name();
        if (!admit(event)) {
            refuse(event, name, "modal");
            return;
        }
        if (command == null) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            metrics.command(name, "modal", CommandOutcome.UNKNOWN);
            return;
        }
        handle(event, "modal " + event.getModalId(), name, "modal", () -> command.onModal(event, id.get()));
    }

    /** Why an interaction was not admitted: shutting down, or not from the bot's own guild. */
    private void refuse(IReplyCallback event, String command, String kind) {
        boolean wrongGuild = accepting;
        event.reply(wrongGuild ? WRONG_GUILD : Replies.RESTARTING).setEphemeral(true).queue();
        metrics.command(command, kind, wrongGuild ? CommandOutcome.WRONG_GUILD : CommandOutcome.RESTARTING);
    }

    /**
     * Runs a command's handler; a bug in it is logged and, if nothing was answered yet, said. The
     * interaction is counted with the outcome the handler marked ({@link Dispatch}).
     */
    private void handle(IReplyCallback event, String what, String command, String kind, Runnable handler) {
        Dispatch.begin();
        CommandOutcome outcome;
        try {
            handler.run();
            outcome = Dispatch.end();
        } catch (RuntimeException e) {
            Dispatch.end();
            outcome = CommandOutcome.FAILED;
            LOG.error("{} failed", what, e);
            if (!event.isAcknowledged()) {
                event.replyEmbeds(Replies.internalError()).setEphemeral(true).queue();
            }
        }
        metrics.command(command, kind, outcome);
    }

    private boolean admit(Interaction interaction) {
        Guild guild = interaction.getGuild();
        return accepting && guild != null && guild.getIdLong() == guildId && interaction.getMember() != null;
    }
}
