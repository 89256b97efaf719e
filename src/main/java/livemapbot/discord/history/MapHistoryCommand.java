package livemapbot.discord.history;

import livemapbot.cad.ServerList;
import livemapbot.discord.Access;
import livemapbot.discord.BotCommandAdapter;
import livemapbot.discord.BotContext;
import livemapbot.discord.ComponentId;
import livemapbot.discord.Replies;
import livemapbot.discord.ServerAutocomplete;
import livemapbot.store.Revisions;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * {@code /maphistory [server] [page]}: the revisions the store holds, newest first, paged with
 * Previous/Next. Public like {@code /servers}, for the same members (view access); errors are
 * ephemeral. The store is read on a worker; buttons carry page and server in their id (stateless,
 * with an expiry), so they work after a restart until they expire.
 */
public final class MapHistoryCommand extends BotCommandAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MapHistoryCommand.class);

    public static final String NAME = "maphistory";
    public static final String SERVER = "server";
    public static final String PAGE = "page";
    static final String PAGE_ACTION = "page";
    static final Duration BUTTON_LIFETIME = Duration.ofMinutes(15);
    static final String EXPIRED = "These buttons have expired; run /maphistory again.";
    static final String READ_FAILED = "Could not read the history";

    private final Revisions revisions;
    private final ServerAutocomplete autocomplete;

    public MapHistoryCommand(BotContext ctx, Revisions revisions) {
        super(ctx, NAME, Access.Action.VIEW);
        this.revisions = revisions;
        this.autocomplete = new ServerAutocomplete(ctx.directory(), ctx.workers(), ctx.access());
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash(NAME, "Who changed the CAD servers, when, and from what")
                .addOptions(
                        new OptionData(OptionType.INTEGER, SERVER, "Only this server's changes").setAutoComplete(true),
                        new OptionData(OptionType.INTEGER, PAGE, "Page number (1 = newest)").setMinValue(1))
                .setContexts(InteractionContextType.GUILD);
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        if (SERVER.equals(event.getFocusedOption().getName())) {
            autocomplete.reply(event);
        } else {
            event.replyChoices(List.of()).queue();
        }
    }

    @Override
    public void onSlash(SlashCommandInteractionEvent event) {
        if (!admitted(event)) {
            return;
        }
        OptionMapping serverOption = event.getOption(SERVER);
        OptionMapping pageOption = event.getOption(PAGE);
        OptionalInt server = serverOption == null || !fitsInt(serverOption.getAsLong())
                ? OptionalInt.empty() : OptionalInt.of((int) serverOption.getAsLong());
        if (serverOption != null && server.isEmpty()) {
            event.replyEmbeds(List.of(Replies.unknownServer(serverOption.getAsLong()))).setEphemeral(true).queue();
            return;
        }
        int page = pageOption == null ? 0 : (int) Math.min(Integer.MAX_VALUE, pageOption.getAsLong() - 1);
        event.deferReply().queue();
        InteractionHook hook = event.getHook();
        Consumer<MessageEmbed> fail = error -> Replies.replaceWithEphemeral(hook, error);
        onWorker(() -> show(hook, server, page, fail), why -> fail.accept(Replies.error(READ_FAILED, why)));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (!admitted(event)) {
            return;
        }
        String[] parts = id.arg().split("\\.", -1);
        if (!PAGE_ACTION.equals(id.action()) || parts.length != 2) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        int page;
        OptionalInt server;
        try {
            page = Integer.parseInt(parts[0]);
            server = parts[1].isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        if (id.isExpired(ctx.clock().instant())) {
            Message message = event.getMessage();
            MessageComponentTree disabled = message.getComponentTree().asDisabled();
            event.deferEdit().setComponents(disabled.getComponents()).queue();
            event.getHook().sendMessage(EXPIRED).setEphemeral(true).queue();
            return;
        }
        event.deferEdit().queue();
        InteractionHook hook = event.getHook();
        Consumer<MessageEmbed> fail = error -> hook.sendMessageEmbeds(List.of(error)).setEphemeral(true).queue();
        onWorker(() -> show(hook, server, page, fail), why -> fail.accept(Replies.error(READ_FAILED, why)));
    }

    /** Worker: one page from the store, with its buttons. */
    private void show(InteractionHook hook, OptionalInt server, int requestedPage, Consumer<MessageEmbed> fail) {
        try {
            String community = ctx.community();
            long total = revisions.count(community, server);
            if (total == 0) {
                hook.editOriginalEmbeds(List.of(HistoryEmbeds.empty(server.isPresent(), ctx.settings().driftInterval())))
                        .setComponents(List.of()).queue();
                return;
            }
            int pages = (int) Math.min(Integer.MAX_VALUE, (total + HistoryEmbeds.PAGE_SIZE - 1) / HistoryEmbeds.PAGE_SIZE);
            int page = Math.max(0, Math.min(requestedPage, pages - 1));
            List<RevisionView> views = revisions.newestFirst(community, server, page * HistoryEmbeds.PAGE_SIZE,
                    HistoryEmbeds.PAGE_SIZE).stream().map(RevisionView::of).toList();
            String serverName = server.isPresent() ? serverLabel(server.getAsInt()) : null;
            Instant now = ctx.clock().instant();
            MessageEmbed embed = HistoryEmbeds.page(views, page, pages, total, serverName, now);
            hook.editOriginalEmbeds(List.of(embed)).setComponents(buttons(page, pages, server, now)).queue();
        } catch (StoreException e) {
            LOG.warn("/{} could not read the store: {}", NAME, e.getMessage());
            fail.accept(Replies.error(READ_FAILED, "The bot's store is not available right now; try again in a minute."));
        } catch (RuntimeException e) {
            LOG.error("/{} failed", NAME, e);
            fail.accept(Replies.internalError());
        }
    }

    /** "#3 Main City" from the cached list, else "#3" (no Sonoran call just for a title). */
    private String serverLabel(int serverId) {
        ServerList cached = ctx.directory().cachedOrNull();
        return cached == null ? "#" + serverId
                : cached.find(serverId).map(ServerAutocomplete::label).orElse("#" + serverId);
    }

    private List<ActionRow> buttons(int page, int pages, OptionalInt server, Instant now) {
        if (pages <= 1) {
            return List.of();
        }
        Instant expiresAt = now.plus(BUTTON_LIFETIME);
        String serverArg = server.isPresent() ? Integer.toString(server.getAsInt()) : "";
        Button previous = Button.secondary(
                new ComponentId(NAME, PAGE_ACTION, (page - 1) + "." + serverArg, expiresAt).encode(), "Previous");
        Button next = Button.secondary(
                new ComponentId(NAME, PAGE_ACTION, (page + 1) + "." + serverArg, expiresAt).encode(), "Next");
        return List.of(ActionRow.of(page == 0 ? previous.asDisabled() : previous,
                page >= pages - 1 ? next.asDisabled() : next));
    }

    private static boolean fitsInt(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
    }
}
