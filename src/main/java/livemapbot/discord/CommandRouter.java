package livemapbot.discord;

import livemapbot.metrics.BotMetrics;
import livemapbot.metrics.BotMetrics.CommandOutcome;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Hands each interaction to its command. Which commands serve a guild is the {@link Routing}'s
 * answer: in single-community mode only the configured guild (a stale global registration or a
 * forwarded id must not reach the CAD), in multi-community mode every guild set up. DMs are
 * refused, and new work stops once shutdown has begun. Every interaction is counted, and its
 * acknowledgement timed ({@link BotMetrics}).
 */
public final class CommandRouter extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);
    static final String WRONG_GUILD = "This bot only works in its own server's channels.";
    static final String NO_LONGER_HANDLED = "This command is not handled by this bot any more.";

    private final Routing routing;
    private volatile boolean accepting = true;
    private final BotMetrics metrics;
    private final AckTimer acks;

    public CommandRouter(long guildId, List<BotCommand> commands) {
        this(guildId, commands, BotMetrics.off());
    }

    /** As {@link #CommandRouter(long, List)}, counting every interaction and timing its acknowledgement. */
    public CommandRouter(long guildId, List<BotCommand> commands, BotMetrics metrics) {
        this(Routing.singleGuild(guildId, commands), metrics);
    }

    public CommandRouter(Routing routing, BotMetrics metrics) {
        this.routing = routing;
        this.metrics = metrics;
        this.acks = new AckTimer(metrics);
    }

    public List<BotCommand> commands() {
        return routing.commands();
    }

    /** Times acknowledgements: told of every REST call JDA sends ({@link PendingRestCalls}). */
    public AckTimer acks() {
        return acks;
    }

    /** Called at shutdown: new interactions are answered with a short refusal. */
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        acks.received(event.getIdLong());
        Routing.Served served = admit(event, "slash", event.getName());
        if (served == null) {
            return;
        }
        Optional<BotCommand> command = served.command(event.getName());
        if (command.isEmpty()) {
            event.reply(served.otherwise() != null ? served.otherwise() : NO_LONGER_HANDLED).setEphemeral(true).queue();
            metrics.command("other", "slash", CommandOutcome.UNKNOWN);
            return;
        }
        handle(event, "/" + event.getName(), command.get().name(), "slash", () -> command.get().onSlash(event));
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        Guild guild = event.getGuild();
        BotCommand command = !accepting || guild == null || event.getMember() == null ? null
                : routing.serve(guild.getIdLong()).command(event.getName()).orElse(null);
        if (command == null) {
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
        Routing.Served served = admit(event, "button", id.map(ComponentId::command).orElse(null));
        if (served == null) {
            return;
        }
        BotCommand command = id.flatMap(i -> served.command(i.command())).orElse(null);
        if (command == null) {
            event.reply(deadComponent(served)).setEphemeral(true).queue();
            metrics.command("other", "button", CommandOutcome.UNKNOWN);
            return;
        }
        handle(event, "button " + event.getComponentId(), command.name(), "button",
                () -> command.onButton(event, id.get()));
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        acks.received(event.getIdLong());
        Optional<ComponentId> id = ComponentId.parse(event.getModalId());
        Routing.Served served = admit(event, "modal", id.map(ComponentId::command).orElse(null));
        if (served == null) {
            return;
        }
        BotCommand command = id.flatMap(i -> served.command(i.command())).orElse(null);
        if (command == null) {
            event.reply(deadComponent(served)).setEphemeral(true).queue();
            metrics.command("other", "modal", CommandOutcome.UNKNOWN);
            return;
        }
        handle(event, "modal " + event.getModalId(), command.name(), "modal", () -> command.onModal(event, id.get()));
    }

    /** A metrics label: one of this bot's command names, else "other" (never free text). */
    private String label(String commandName) {
        for (BotCommand command : routing.commands()) {
            if (command.name().equals(commandName)) {
                return command.name();
            }
        }
        return "other";
    }

    private static String deadComponent(Routing.Served served) {
        return served.otherwise() != null ? served.otherwise() : Replies.DEAD_BUTTON;
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

    /**
     * What serves the guild of {@code interaction}, or null after refusing it: shutting down, a DM,
     * or a guild this bot does not serve at all.
     */
    private Routing.Served admit(IReplyCallback interaction, String kind, String commandName) {
        String label = label(commandName);
        Guild guild = interaction.getGuild();
        if (!accepting || guild == null || interaction.getMember() == null) {
            boolean wrongGuild = accepting;
            interaction.reply(wrongGuild ? WRONG_GUILD : Replies.RESTARTING).setEphemeral(true).queue();
            metrics.command(label, kind, wrongGuild ? CommandOutcome.WRONG_GUILD : CommandOutcome.RESTARTING);
            return null;
        }
        Routing.Served served = routing.serve(guild.getIdLong());
        if (served.commands().isEmpty()) {
            interaction.reply(served.otherwise() != null ? served.otherwise() : WRONG_GUILD).setEphemeral(true).queue();
            metrics.command(label, kind, served.otherwise() != null && served.otherwise().equals(Replies.RESTARTING)
                    ? CommandOutcome.RESTARTING : CommandOutcome.WRONG_GUILD);
            return null;
        }
        return served;
    }
}
