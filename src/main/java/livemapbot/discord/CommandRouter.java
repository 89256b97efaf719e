package livemapbot.discord;

import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
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

    public CommandRouter(long guildId, List<BotCommand> commands) {
        this.guildId = guildId;
        for (BotCommand command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    public List<BotCommand> commands() {
        return List.copyOf(commands.values());
    }

    /** Called at shutdown: new interactions are answered with a short refusal. */
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!admit(event)) {
            refuse(event);
            return;
        }
        BotCommand command = commands.get(event.getName());
        if (command == null) {
            event.reply("This command is not handled by this bot any more.").setEphemeral(true).queue();
            return;
        }
        handle(event, "/" + event.getName(), () -> command.onSlash(event));
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
        if (!admit(event)) {
            refuse(event);
            return;
        }
        Optional<ComponentId> id = ComponentId.parse(event.getComponentId());
        BotCommand command = id.map(ComponentId::command).map(commands::get).orElse(null);
        if (command == null) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        handle(event, "button " + event.getComponentId(), () -> command.onButton(event, id.get()));
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        if (!admit(event)) {
            refuse(event);
            return;
        }
        Optional<ComponentId> id = ComponentId.parse(event.getModalId());
        BotCommand command = id.map(ComponentId::command).map(commands::get).orElse(null);
        if (command == null) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        handle(event, "modal " + event.getModalId(), () -> command.onModal(event, id.get()));
    }

    /** Why an interaction was not admitted: shutting down, or not from the bot's own guild. */
    private void refuse(IReplyCallback event) {
        event.reply(accepting ? WRONG_GUILD : Replies.RESTARTING).setEphemeral(true).queue();
    }

    /** Runs a command's handler; a bug in it is logged and, if nothing was answered yet, said. */
    private static void handle(IReplyCallback event, String what, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
            if (!event.isAcknowledged()) {
                event.replyEmbeds(Replies.internalError()).setEphemeral(true).queue();
            }
        }
    }

    private boolean admit(Interaction interaction) {
        Guild guild = interaction.getGuild();
        return accepting && guild != null && guild.getIdLong() == guildId && interaction.getMember() != null;
    }
}
