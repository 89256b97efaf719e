package livemapbot.discord.servers;

import livemapbot.cad.CadException;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.Access;
import livemapbot.discord.BotCommandAdapter;
import livemapbot.discord.BotContext;
import livemapbot.discord.ComponentId;
import livemapbot.discord.Replies;
import livemapbot.discord.ServerAutocomplete;
import livemapbot.discord.setmap.EditForm;
import net.dv8tion.jda.api.components.MessageTopLevelComponent;
import net.dv8tion.jda.api.components.tree.MessageComponentTree;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@code /servers [server]}: every CAD server as a card, paged with Previous/Next, or one server
 * in detail. The answer is public (staff share it in a channel); refusals and errors are
 * ephemeral. On JDA's thread only the access check and the acknowledgement happen; the CAD read
 * and the rendering run on {@link BotContext#workers()} and finish through the interaction hook.
 * Each card's live status comes from {@link LiveStatus}: its probes are started, never awaited before
 * the acknowledgement; the message is edited when they finish (README "Live status").
 */
public final class ServersCommand extends BotCommandAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServersCommand.class);

    public static final String NAME = "servers";
    public static final String OPTION_SERVER = "server";
    static final String EXPIRED = Replies.CARD_EXPIRED;
    static final String READ_FAILED = "Could not read the servers";

    private final ServerAutocomplete autocomplete;
    private final LiveStatus status;
    /**
     * Per /servers message (keyed by the id of the command that made it), the render whose status
     * edit is still due. A page click replaces it, so a late status edit never turns the message
     * back to the page it showed before the click. Entries live until their probes finish.
     */
    private final Map<Long, Object> dueRefresh = new ConcurrentHashMap<>();

    /** Without live status (probing off). */
    public ServersCommand(BotContext ctx) {
        this(ctx, LiveStatus.off(ctx.clock()));
    }

    /** With each card's status line, from {@code status}'s probes. */
    public ServersCommand(BotContext ctx, LiveStatus status) {
        super(ctx, NAME, Access.Action.VIEW);
        this.autocomplete = new ServerAutocomplete(ctx.directory(), ctx.workers(), ctx.access());
        this.status = status;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash(NAME, "Show the CAD servers and their Live Map status")
                .addOptions(new OptionData(OptionType.INTEGER, OPTION_SERVER, "Show one server in detail", false)
                        .setAutoComplete(true))
                .setContexts(InteractionContextType.GUILD);
    }

    @Override
    public void onSlash(SlashCommandInteractionEvent event) {
        if (!admitted(event) || !planAllowsViewing(event)) {
            return;
        }
        OptionMapping option = event.getOption(OPTION_SERVER);
        // The detail card carries Edit buttons only for a member who may edit (each click is checked again).
        boolean editor = option != null && decide(Access.Action.EDIT, event.getMember()).allowed();
        Long requested = option == null ? null : option.getAsLong();
        ServerList fresh = ctx.directory().freshOrNull();
        if (fresh != null) {
            // No CAD call to wait for: the answer itself is the acknowledgement (one callback
            // instead of a deferral and an edit). The probes never delay it: the cards show what
            // is known now, and the message is edited once the probes under way have finished.
            LiveStatus.Round round = status.start(shownServers(fresh, requested));
            ServerStatuses now = round.now();
            View view = view(fresh, requested, 0, now, editor);
            if (view.error() != null) {
                event.replyEmbeds(List.of(view.error())).setEphemeral(true).queue();
                return;
            }
            event.replyEmbeds(view.embeds()).setComponents(view.components()).queue();
            if (!now.complete()) {
                refreshWhenDone(event.getHook(), event.getIdLong(), round, fresh, requested, 0, editor);
            }
            return;
        }
        event.deferReply().queue();
        InteractionHook hook = event.getHook();
        Consumer<MessageEmbed> fail = error -> Replies.replaceWithEphemeral(hook, error);
        long origin = event.getIdLong();
        withServers(list -> showWithStatus(hook, origin, list, requested, 0, editor, fail), fail);
    }

    /** The servers an answer shows, whose game servers it probes: one in detail, else all (pages share the cache). */
    private static List<ServerEntry> shownServers(ServerList list, Long requested) {
        return requested == null ? list.servers() : find(list, requested).map(List::of).orElse(List.of());
    }

    /**
     * After a CAD read: shows the answer once the probes have finished or {@link LiveStatus#FIRST_ANSWER_BUDGET}
     * has passed, whichever is first, and edits it again when the rest finish.
     */
    private void showWithStatus(InteractionHook hook, Long origin, ServerList list, Long requested, int page,
                                boolean editor, Consumer<MessageEmbed> fail) {
        LiveStatus.Round round = status.start(shownServers(list, requested));
        round.withinBudget().thenAccept(first -> {
            show(hook, view(list, requested, page, first, editor), fail);
            if (!first.complete()) {
                refreshWhenDone(hook, origin, round, list, requested, page, editor);
            }
        }).exceptionally(error -> {
            LOG.error("/{} failed", NAME, error);
            fail.accept(Replies.internalError());
            return null;
        });
    }

    /**
     * Edits the answer with the probes' final results once they are in, unless the message was paged
     * meanwhile ({@code origin}: the id of the command whose message it is; null = unknown).
     */
    private void refreshWhenDone(InteractionHook hook, Long origin, LiveStatus.Round round, ServerList list,
                                 Long requested, int page, boolean editor) {
        Object token = new Object();
        if (origin != null) {
            dueRefresh.put(origin, token);
        }
        round.whenDone().thenAccept(done -> {
            if (origin == null || dueRefresh.remove(origin, token)) {
                refresh(hook, list, requested, page, done, editor);
            }
        });
    }

    /** Edits an answer already shown with the probes' final results; a failure only costs the update. */
    private void refresh(InteractionHook hook, ServerList list, Long requested, int page, ServerStatuses done,
                         boolean editor) {
        try {
            View view = view(list, requested, page, done, editor);
            if (view.error() == null) {
                hook.editOriginalEmbeds(view.embeds()).setComponents(view.components()).queue(null,
                        error -> LOG.debug("/{}: the status update was not shown: {}", NAME, error.toString()));
            }
        } catch (RuntimeException e) {
            LOG.error("/{}: the status update failed", NAME, e);
        }
    }

    /** What /servers shows for {@code list}: embeds and buttons, or an error for the member alone. */
    private record View(List<MessageEmbed> embeds, List<? extends MessageTopLevelComponent> components,
                        MessageEmbed error) {
    }

    /**
     * The overview page {@code page} (clamped) with its buttons, or the {@code requested} server in
     * detail, with the Edit buttons for an {@code editor}.
     */
    private View view(ServerList list, Long requested, int page, ServerStatuses statuses, boolean editor) {
        if (requested == null) {
            ServerPages pages = ServerPages.of(ServerEmbeds.overview(list, statuses));
            int shown = pages.clamp(page);
            Instant expiresAt = ctx.clock().instant().plus(ServerPages.BUTTON_LIFETIME);
            return new View(pages.page(shown), pages.buttons(NAME, shown, expiresAt), null);
        }
        Optional<ServerEntry> server = find(list, requested);
        if (server.isEmpty()) {
            return new View(List.of(), List.of(), Replies.unknownServer(requested));
        }
        List<MessageTopLevelComponent> edit = editor ? List.of(EditForm.buttons(server.get().id(),
                ctx.clock().instant().plus(ServerPages.BUTTON_LIFETIME))) : List.of();
        return new View(ServerPages.of(List.of(ServerEmbeds.detail(server.get(), list.readAt(), statuses))).page(0),
                edit, null);
    }

    private static void show(InteractionHook hook, View view, Consumer<MessageEmbed> fail) {
        if (view.error() != null) {
            fail.accept(view.error());
            return;
        }
        hook.editOriginalEmbeds(view.embeds()).setComponents(view.components()).queue();
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        if (!OPTION_SERVER.equals(event.getFocusedOption().getName())) {
            event.replyChoices(List.of()).queue();
            return;
        }
        autocomplete.reply(event);
    }

    /**
     * A Previous/Next click. Anyone with view access may page, since the message is public;
     * access is checked again because roles can change after the command was run.
     */
    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (!admitted(event)) {
            return;
        }
        Optional<Integer> page = ServerPages.ACTION.equals(id.action()) ? parsePage(id.arg()) : Optional.empty();
        if (page.isEmpty()) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        if (id.isExpired(ctx.clock().instant())) {
            expire(event);
            return;
        }
        event.deferEdit().queue();
        InteractionHook hook = event.getHook();
        Consumer<MessageEmbed> fail = error -> hook.sendMessageEmbeds(List.of(error)).setEphemeral(true).queue();
        Long origin = origin(event.getMessage());
        if (origin != null) {
            dueRefresh.remove(origin); // this click's page wins over an older status edit still due
        }
        withServers(list -> showWithStatus(hook, origin, list, null, page.get(), false, fail), fail);
    }

    /**
     * Acknowledges the click by disabling the message's buttons (an update of the message itself,
     * which needs no channel permission), then tells the clicker why in an ephemeral follow-up;
     * the hook sends it only after the acknowledgement went through.
     */
    private static void expire(ButtonInteractionEvent event) {
        Message message = event.getMessage();
        if (message == null) {
            event.reply(EXPIRED).setEphemeral(true).queue();
            return;
        }
        MessageComponentTree disabled = message.getComponentTree().asDisabled();
        event.deferEdit().setComponents(disabled.getComponents()).queue();
        event.getHook().sendMessage(EXPIRED).setEphemeral(true).queue();
    }

    /**
     * Shows the server list once it is read: at once from the cache, else when the read under way
     * (shared with every other command asking meanwhile) or a new one on the workers completes.
     * Waiting commands hold no thread, so a burst while Sonoran is slow costs one read and fills
     * no queue. Every way this can end reaches the user through {@code fail}, so a deferred
     * interaction never stays "thinking".
     */
    private void withServers(Consumer<ServerList> show, Consumer<MessageEmbed> fail) {
        ctx.directory().serversAsync(ctx.workers()).whenComplete((list, error) -> {
            if (error == null) {
                try {
                    show.accept(list);
                } catch (RuntimeException e) {
                    LOG.error("/{} failed", NAME, e);
                    fail.accept(Replies.internalError());
                }
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CadException e) {
                LOG.warn("/{} could not read the servers ({}): {}", NAME, e.kind(), e.getMessage());
                fail.accept(Replies.error(READ_FAILED, e.userMessage()));
            } else if (cause instanceof RejectedExecutionException) {
                LOG.info("/{} refused: the worker pool is {}", NAME, ctx.workers().isShutdown() ? "shutting down" : "full");
                fail.accept(Replies.error(READ_FAILED, Replies.workersUnavailable(ctx.workers())));
            } else {
                LOG.error("/{} failed", NAME, cause);
                fail.accept(Replies.internalError());
            }
        });
    }

    /** The id of the /servers command whose answer {@code message} is, or null when unknown. */
    private static Long origin(Message message) {
        if (message == null || message.getInteractionMetadata() == null) {
            return null;
        }
        return message.getInteractionMetadata().getIdLong();
    }

    /** The server with id {@code requested}; Discord's INTEGER range is wider than a server id's. */
    private static Optional<ServerEntry> find(ServerList list, long requested) {
        if (requested < Integer.MIN_VALUE || requested > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return list.find((int) requested);
    }

    private static Optional<Integer> parsePage(String arg) {
        try {
            return Optional.of(Integer.parseInt(arg));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

}
