package livemapbot.discord.history;

import livemapbot.audit.AuditRecord;
import livemapbot.cad.CadException;
import livemapbot.cad.ConflictException;
import livemapbot.cad.FieldChange;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.cad.ServerList;
import livemapbot.cad.WriteOutcomeUnknownException;
import livemapbot.discord.Access;
import livemapbot.discord.BotCommandAdapter;
import livemapbot.discord.BotContext;
import livemapbot.discord.ComponentId;
import livemapbot.discord.Members;
import livemapbot.discord.Replies;
import livemapbot.discord.deploy.DeployGate;
import livemapbot.discord.setmap.DeployDecision;
import livemapbot.discord.setmap.PreviewClick;
import livemapbot.discord.setmap.PreviewStore;
import livemapbot.discord.setmap.SetMapMessages;
import livemapbot.history.FieldDelta;
import livemapbot.history.HistoryText;
import livemapbot.history.ListDiff;
import livemapbot.history.RollbackBuilder;
import livemapbot.store.NewRevision;
import livemapbot.store.Revision;
import livemapbot.store.RevisionOutcome;
import livemapbot.store.RevisionSource;
import livemapbot.store.Revisions;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /maprollback revision:<n>} and the drift post's <b>Revert</b> / <b>Keep</b> buttons.
 *
 * <p>A rollback is built by {@link RollbackBuilder} against the current list and shown as a preview
 * (old → new per server) with Confirm/Cancel, held in the same {@link PreviewStore} type as
 * {@code /setmap} (take-once, put-back, expiry, invoker-bound). Confirm writes the whole list only
 * if the CAD still holds the list the preview was built on ({@code ServerDirectory#replaceAll}),
 * audits each server, and records a revision with source {@code rollback} that points at the one
 * it undid. Edit role required; the Live Map is deployed only when the rollback changes what it
 * shows and the member also holds a deploy role ({@link DeployDecision}, through the
 * {@code /deploymap} gate). Every click checks roles again.
 */
public final class MapRollbackCommand extends BotCommandAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MapRollbackCommand.class);

    public static final String NAME = "maprollback";
    public static final String REVISION = "revision";
    static final String CONFIRM = PreviewClick.CONFIRM;
    static final String CANCEL = PreviewClick.CANCEL;
    /** The drift post's buttons; arg {@code first.last}: the detection's revisions. */
    public static final String REVERT = "revert";
    public static final String KEEP = "keep";
    static final String AUDIT_ACTION = "rollback";
    static final int RECENT = 25;
    static final String ALREADY_HANDLED = "This rollback was already confirmed or cancelled; the message shows what happened.";
    static final String DRIFT_EXPIRED = "The buttons of this post have expired. Use /maprollback with a revision"
            + " from /maphistory to undo the change.";

    private final Revisions revisions;
    private final DeployGate deployGate;
    private final PreviewStore<RollbackPreview> previews;
    private final PreviewClick<RollbackPreview> click;

    public MapRollbackCommand(BotContext ctx, Revisions revisions, DeployGate deployGate) {
        super(ctx, NAME, Access.Action.EDIT);
        this.revisions = revisions;
        this.deployGate = deployGate;
        this.previews = new PreviewStore<>(ctx.clock(), PreviewStore.DEFAULT_CAPACITY);
        this.click = new PreviewClick<>(previews, ctx.clock(), NAME, ALREADY_HANDLED, RollbackPreview::deploy);
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash(NAME, "Put the server(s) of one change back as they were (preview first)")
                .addOptions(new OptionData(OptionType.INTEGER, REVISION, "The change to undo (see /maphistory)", true,
                        true).setMinValue(1))
                .setContexts(InteractionContextType.GUILD);
    }

    private String community() {
        return ctx.community();
    }

    // ---- autocomplete ------------------------------------------------------------------------

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        if (!mayUse(event.getMember()) || !REVISION.equals(event.getFocusedOption().getName())) {
            event.replyChoices(List.of()).queue();
            return;
        }
        String typed = event.getFocusedOption().getValue();
        onWorker(() -> event.replyChoices(choices(typed)).queue(), why -> event.replyChoices(List.of()).queue());
    }

    private List<Command.Choice> choices(String typed) {
        try {
            Instant now = ctx.clock().instant();
            String query = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
            String number = query.startsWith("#") ? query.substring(1) : query;
            List<Command.Choice> choices = new ArrayList<>();
            for (Revision revision : revisions.newestFirst(community(), OptionalInt.empty(), 0, 100)) {
                if (choices.size() == RECENT) {
                    break;
                }
                RevisionView view = RevisionView.of(revision);
                String label = HistoryText.revisionLabel(revision.id(), view.serverName(), view.labelParts(),
                        revision.time(), now, revision.source().dbValue());
                if (query.isEmpty() || Long.toString(revision.id()).startsWith(number)
                        || label.toLowerCase(Locale.ROOT).contains(query)) {
                    choices.add(new Command.Choice(label, revision.id()));
                }
            }
            return choices;
        } catch (StoreException | RuntimeException e) {
            LOG.debug("revision autocomplete without choices: {}", e.toString());
            return List.of();
        }
    }

    // ---- the command -------------------------------------------------------------------------

    @Override
    public void onSlash(SlashCommandInteractionEvent event) {
        if (!admitted(event)) {
            return;
        }
        long number = event.getOption(REVISION).getAsLong();
        start(event.getMember(), event.getUser().getIdLong(), Members.displayName(event.getMember(), event.getUser()),
                event.deferReply(true), event.getHook(), List.of(number), false, "revision #" + number);
    }

    private void start(Member member, long invokerId, String invokerName,
                       ReplyCallbackAction defer,
                       InteractionHook hook, List<Long> revisionIds, boolean outsideOnly, String what) {
        Access.Decision deployAccess = decide(Access.Action.DEPLOY, member);
        defer.queue();
        onWorker(() -> preparePreview(revisionIds, outsideOnly, what, deployAccess, invokerId, invokerName, hook),
                why -> edit(hook, Replies.error("Not now", "Nothing was changed. " + why)));
    }

    /** Worker: the revisions (this community's only), the rollback against the current list, the preview. */
    private void preparePreview(List<Long> revisionIds, boolean outsideOnly, String what,
                                Access.Decision deployAccess, long invokerId, String invokerName, InteractionHook hook) {
        try {
            List<RollbackBuilder.Item> items = new ArrayList<>();
            Map<Integer, Long> reverts = new LinkedHashMap<>();
            for (long id : revisionIds) {
                Optional<Revision> found = revisions.get(community(), id);
                if (outsideOnly) {
                    // A drift post's range may hold another process's revisions: only the outside ones count.
                    if (found.isEmpty() || found.get().source() != RevisionSource.OUTSIDE) {
                        continue;
                    }
                }
                if (found.isEmpty()) {
                    edit(hook, Replies.error("Unknown revision", "There is no revision #" + id
                            + " for this community. Pick one from the list, or see /maphistory."));
                    return;
                }
                Optional<RollbackBuilder.Item> item = RevisionView.of(found.get()).rollbackItem();
                if (item.isEmpty()) {
                    edit(hook, Replies.error("Cannot roll this back", "Revision #" + id + " is a deploy of the whole"
                            + " list or an entry imported from the audit file; it holds no server to put back."));
                    return;
                }
                items.add(item.get());
                reverts.putIfAbsent(item.get().serverId(), id);
            }
            ServerList current = ctx.directory().servers();
            RollbackBuilder.Result result = RollbackBuilder.build(items, current.servers());
            if (result instanceof RollbackBuilder.NothingToDo nothing) {
                edit(hook, new EmbedBuilder().setColor(Replies.NEUTRAL)
                        .setDescription(nothing.message()).build());
                return;
            }
            if (result instanceof RollbackBuilder.Refused refused) {
                edit(hook, Replies.error("Not rolled back", refused.message()));
                return;
            }
            RollbackBuilder.Plan plan = (RollbackBuilder.Plan) result;
            DeployDecision deploy = DeployDecision.of(wouldDeploy(plan), false, deployAccess);
            if (deploy.deploys()) {
                Optional<DeployGate.Refused> gate = deployGate.refusal();
                if (gate.isPresent()) {
                    deploy = DeployDecision.notNow(gate.get().message());
                }
            }
            Instant expiresAt = ctx.clock().instant().plus(ctx.settings().previewExpiry());
            String key = previews.put(new RollbackPreview(invokerId, invokerName, what, reverts, plan, deploy,
                    expiresAt));
            hook.editOriginalEmbeds(List.of(HistoryEmbeds.rollbackPreview(what, plan, deploy, expiresAt)))
                    .setComponents(List.of(ActionRow.of(
                            Button.success(new ComponentId(NAME, CONFIRM, key, expiresAt).encode(), "Confirm"),
                            Button.secondary(new ComponentId(NAME, CANCEL, key, expiresAt).encode(), "Cancel"))))
                    .queue();
        } catch (StoreException e) {
            LOG.warn("/{} could not read the store: {}", NAME, e.getMessage());
            edit(hook, Replies.error("Could not read the history", "The bot's store is not available right now;"
                    + " nothing was changed. Try again in a minute."));
        } catch (CadException e) {
            LOG.warn("/{} preview failed: {}", NAME, e.getMessage());
            edit(hook, Replies.error("Could not read the servers", e.userMessage()));
        } catch (RuntimeException e) {
            LOG.error("/{} preview failed", NAME, e);
            edit(hook, Replies.internalError());
        }
    }

    /** A rollback changes what the Live Map shows when it adds or removes a server or puts back a map field. */
    static boolean wouldDeploy(RollbackBuilder.Plan plan) {
        return plan.changes().stream().anyMatch(c -> c.kind() != RollbackBuilder.Change.Kind.FIELDS_REVERTED
                || c.fields().stream().anyMatch(f -> f.field().map(ServerField::needsDeploy).orElse(false)));
    }

    // ---- buttons -----------------------------------------------------------------------------

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        switch (id.action()) {
            case CONFIRM, CANCEL -> onPreviewButton(event, id);
            case REVERT, KEEP -> onDriftButton(event, id);
            default -> event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
        }
    }

    /** Revert / Keep on a drift post: editors only (checked on every click), until the buttons expire. */
    private void onDriftButton(ButtonInteractionEvent event, ComponentId id) {
        Optional<List<Long>> ids = DriftReporter.revisionIds(id.arg());
        if (ids.isEmpty()) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        if (!admitted(event)) {
            return;
        }
        if (id.isExpired(ctx.clock().instant())) {
            Message message = event.getMessage();
            event.deferEdit().setComponents(message.getComponentTree().asDisabled().getComponents()).queue();
            event.getHook().sendMessage(DRIFT_EXPIRED).setEphemeral(true).queue();
            return;
        }
        String memberName = Members.displayName(event.getMember(), event.getUser());
        if (KEEP.equals(id.action())) {
            Message message = event.getMessage();
            MessageEmbed original = message.getEmbeds().isEmpty()
                    ? new EmbedBuilder().setTitle(HistoryEmbeds.DRIFT_TITLE).build()
                    : message.getEmbeds().get(0);
            event.editMessageEmbeds(List.of(HistoryEmbeds.kept(original, memberName, ctx.clock().instant())))
                    .setComponents(List.of()).queue();
            LOG.info("outside change (revisions {}) kept by {}", id.arg(), event.getUser().getIdLong());
            return;
        }
        List<Long> revisionIds = ids.get();
        String what = revisionIds.size() == 1 ? "the outside change #" + revisionIds.get(0)
                : "the outside change #" + revisionIds.get(0) + "–#" + revisionIds.get(revisionIds.size() - 1);
        start(event.getMember(), event.getUser().getIdLong(), memberName, event.deferReply(true), event.getHook(),
                revisionIds, true, what);
    }

    private void onPreviewButton(ButtonInteractionEvent event, ComponentId id) {
        click.handle(event, id, System.nanoTime(), this::admitted, member -> decide(Access.Action.DEPLOY, member),
                (clicked, confirmed, deploy, memberName, hook) -> onWorker(clicked,
                        () -> confirm(confirmed, deploy, memberName, hook),
                        why -> edit(hook, Replies.error("Not now", "Nothing was written; run /maprollback again. " + why))));
    }

    /** Worker: the deploy gate when it deploys, the write, the audit and the revision, the answer. */
    private void confirm(RollbackPreview preview, DeployDecision planned, String memberName, InteractionHook hook) {
        DeployDecision.Gated gated = planned.through(deployGate, preview.invokerId(), memberName);
        DeployGate.Ticket ticket = gated.ticket();
        DeployDecision deploy = gated.deploy();
        try {
            write(preview, deploy, ticket, memberName, hook);
        } finally {
            if (ticket != null) {
                deployGate.failed(ticket); // a no-op once succeeded() has run
            }
        }
    }

    private void write(RollbackPreview preview, DeployDecision deploy, DeployGate.Ticket ticket, String memberName,
                       InteractionHook hook) {
        RollbackBuilder.Plan plan = preview.plan();
        // No write without a record of it: the revisions go in first (outcome_unknown, settled after
        // the write); a database that cannot take them means nothing is written.
        Map<Integer, Long> recordedFirst;
        try {
            recordedFirst = recordFirst(preview, deploy, memberName);
        } catch (StoreException | RuntimeException e) {
            LOG.error("/{} not written: its revisions could not be recorded first: {}", NAME, e.toString());
            edit(hook, Replies.databaseUnavailable());
            return;
        }
        try {
            ctx.directory().replaceAll(plan.basedOn(), plan.servers(), deploy.deploys());
        } catch (ConflictException e) {
            LOG.info("/{} refused: {}", NAME, e.getMessage());
            boolean recorded = record(preview, recordedFirst, deploy, memberName, "conflict", RevisionOutcome.CONFLICT);
            edit(hook, Replies.error("Nothing written: the list changed meanwhile", e.userMessage()
                    + (recorded ? "" : "\n\n" + AUDIT_FAILED)));
            return;
        } catch (CadException e) {
            if (e instanceof WriteOutcomeUnknownException && ticket != null) {
                deployGate.succeeded(ticket);
            }
            LOG.warn("/{} failed: {}", NAME, e.getMessage());
            boolean unknown = e instanceof WriteOutcomeUnknownException;
            boolean recorded = record(preview, recordedFirst, deploy, memberName,
                    unknown ? WriteOutcomeUnknownException.AUDIT_OUTCOME : e.kind().name().toLowerCase(Locale.ROOT),
                    unknown ? RevisionOutcome.OUTCOME_UNKNOWN : RevisionOutcome.FAILED);
            edit(hook, SetMapMessages.failed(e, !recorded));
            return;
        } catch (RuntimeException e) {
            LOG.error("/{} failed", NAME, e);
            record(preview, recordedFirst, deploy, memberName, AuditRecord.INTERNAL_ERROR, RevisionOutcome.FAILED);
            edit(hook, Replies.internalError());
            return;
        }
        if (ticket != null) {
            deployGate.succeeded(ticket);
        }
        boolean recorded = record(preview, recordedFirst, deploy, memberName, "success", RevisionOutcome.APPLIED);
        edit(hook, HistoryEmbeds.rolledBack(preview.what(), plan, deploy, !recorded));
    }

    static final String AUDIT_FAILED = "The audit record could not be written; the details are in the bot's log.";

    /**
     * One audit line and one revision (source rollback, pointing at the revision undone) per server
     * the rollback touched; false when any could not be written.
     */
    private boolean record(RollbackPreview preview, Map<Integer, Long> recordedFirst, DeployDecision deploy,
                           String memberName, String auditOutcome,
                           RevisionOutcome outcome) {
        boolean ok = true;
        Instant now = ctx.clock().instant();
        RollbackBuilder.Plan plan = preview.plan();
        for (RollbackBuilder.Change change : plan.changes()) {
            ServerEntry before = find(plan.basedOn(), change.serverId());
            ServerEntry after = find(plan.servers(), change.serverId());
            List<FieldChange> changes = (before != null && after != null ? ListDiff.fields(before, after)
                    : List.<FieldDelta>of()).stream()
                    .map(f -> new FieldChange(f.key(), f.label(), f.beforeText(), f.afterText())).toList();
            try {
                ctx.audit().record(new AuditRecord(now, preview.invokerId(), memberName, AUDIT_ACTION,
                        change.serverId(), changes, deploy.deploys(), auditOutcome));
            } catch (IOException | RuntimeException e) {
                LOG.error("could not write the audit record of /{} on server {} (outcome {})", NAME,
                        change.serverId(), auditOutcome, e);
                ok = false;
            }
            try {
                Long first = recordedFirst.get(change.serverId());
                String afterJson = outcome == RevisionOutcome.APPLIED ? json(after) : null;
                Integer index = indexOf(plan.basedOn(), change.serverId());
                if (first != null) {
                    revisions.settle(community(), first, outcome, json(before), afterJson, index, deploy.deploys(),
                            null);
                } else {
                    revisions.append(new NewRevision(now, community(), preview.invokerId(), memberName,
                            RevisionSource.ROLLBACK, List.of(change.serverId()), json(before), afterJson,
                            deploy.deploys(), outcome, null, preview.reverts().get(change.serverId()), index));
                }
            } catch (StoreException | RuntimeException e) {
                LOG.error("could not record the rollback revision of server {} (outcome {})", change.serverId(),
                        outcome, e);
                ok = false;
            }
        }
        return ok;
    }

    /** One revision per server, outcome_unknown, before the write; their ids by server. */
    private Map<Integer, Long> recordFirst(RollbackPreview preview, DeployDecision deploy, String memberName)
            throws StoreException {
        Instant now = ctx.clock().instant();
        RollbackBuilder.Plan plan = preview.plan();
        Map<Integer, Long> ids = new java.util.HashMap<>();
        for (RollbackBuilder.Change change : plan.changes()) {
            ServerEntry before = find(plan.basedOn(), change.serverId());
            ServerEntry after = find(plan.servers(), change.serverId());
            ids.put(change.serverId(), revisions.append(new NewRevision(now, community(), preview.invokerId(),
                    memberName, RevisionSource.ROLLBACK, List.of(change.serverId()), json(before), json(after),
                    deploy.deploys(), RevisionOutcome.OUTCOME_UNKNOWN, null, preview.reverts().get(change.serverId()),
                    indexOf(plan.basedOn(), change.serverId()))));
        }
        return ids;
    }

    /** The server's position in {@code list}, or null when it is not there (a re-added one). */
    private static Integer indexOf(List<ServerEntry> list, int id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id() == id) {
                return i;
            }
        }
        return null;
    }

    private static ServerEntry find(List<ServerEntry> list, int id) {
        return list.stream().filter(s -> s.id() == id).findFirst().orElse(null);
    }

    private static String json(ServerEntry entry) {
        return entry == null ? null : entry.toJson().toString();
    }

    private static void edit(InteractionHook hook, MessageEmbed embed) {
        hook.editOriginalEmbeds(List.of(embed)).setComponents(List.of()).queue();
    }
}
