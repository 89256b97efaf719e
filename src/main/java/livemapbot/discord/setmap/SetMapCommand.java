package livemapbot.discord.setmap;

import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.audit.RecordUnavailableException;
import livemapbot.cad.CadException;
import livemapbot.cad.ConflictException;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.cad.UpdateResult;
import livemapbot.cad.WriteOutcomeUnknownException;
import livemapbot.discord.Access;
import livemapbot.discord.BotCommandAdapter;
import livemapbot.discord.BotContext;
import livemapbot.discord.ComponentId;
import livemapbot.discord.Members;
import livemapbot.discord.Replies;
import livemapbot.discord.ServerAutocomplete;
import livemapbot.discord.deploy.DeployGate;
import livemapbot.store.UncheckedStoreException;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /setmap}: validate, show a preview with the diff, write only on Confirm, and only if the
 * server is still as the preview showed it. Each confirmed attempt is audited.
 *
 * <p>On JDA's event thread this class only parses, checks access, validates and acknowledges;
 * reading and writing the CAD run on {@link BotContext#workers()} and finish through the hook.
 *
 * <p>Deploying is a deploy-role action here too: a change that would deploy the Live Map does so
 * only for a member who also holds a deploy role, through the {@link DeployGate} (and cooldown)
 * {@code /deploymap} uses; otherwise it is written without a deploy (see {@link DeployDecision}).
 * The preview says which, and Confirm decides again with the member's roles at that moment.
 *
 * <p>Access is checked again on every click. A member who lost the edit role is refused but the
 * preview stays: if the role comes back before the preview expires they can still confirm, and
 * nothing is written in the meantime.
 */
public final class SetMapCommand extends BotCommandAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SetMapCommand.class);

    public static final String NAME = "setmap";
    public static final String SERVER = "server";
    public static final String ENABLE_MAP = "enable-map";
    public static final String MAP_TYPE = "map-type";
    public static final String MAP_IP = "map-ip";
    public static final String LISTENER_PORT = "listener-port";
    public static final String DIFFERING_OUTBOUND = "differing-outbound";
    public static final String OUTBOUND_IP = "outbound-ip";
    public static final String MAP_URL = "map-url";
    public static final String SERVER_NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String DEPLOY = "deploy";

    static final String CONFIRM = PreviewClick.CONFIRM;
    static final String CANCEL = PreviewClick.CANCEL;
    static final String AUDIT_ACTION = "setmap";
    static final String ALREADY_HANDLED = "This preview was already confirmed or cancelled; the message shows what happened.";

    static final String FORM_EXPIRED = "This form has expired or the bot restarted; nothing was changed. "
            + "Run /servers again and press Edit.";
    static final String NOT_AT_HAND = "The bot no longer has this server's settings at hand; "
            + "run /servers with the server again, then press Edit.";
    /** How long an opened edit form can be submitted. */
    static final java.time.Duration FORM_LIFETIME = java.time.Duration.ofMinutes(15);

    private final DeployGate deployGate;
    private final PreviewStore<Preview> previews;
    private final PreviewClick<Preview> click;
    private final OpenForms forms;
    private final SetMapValidator validator = new SetMapValidator();
    private final ServerAutocomplete autocomplete;

    /** {@code deployGate} is the one {@code /deploymap} uses: a deploy from here passes the same gate. */
    public SetMapCommand(BotContext ctx, DeployGate deployGate) {
        this(ctx, deployGate, new PreviewStore<>(ctx.clock(), PreviewStore.DEFAULT_CAPACITY));
    }

    /** With {@code previews} kept where the bot wants them (the store, so they survive a restart). */
    public SetMapCommand(BotContext ctx, DeployGate deployGate, PreviewStore<Preview> previews) {
        super(ctx, NAME, Access.Action.EDIT);
        this.deployGate = deployGate;
        this.previews = previews;
        this.click = new PreviewClick<>(previews, ctx.clock(), NAME, ALREADY_HANDLED, Preview::deploy);
        this.forms = new OpenForms(ctx.clock());
        this.autocomplete = new ServerAutocomplete(ctx.directory(), ctx.workers(), ctx.access());
    }

    @Override
    public SlashCommandData definition() {
        OptionData mapType = new OptionData(OptionType.STRING, MAP_TYPE, "Live Map type");
        for (String type : ServerEntry.MAP_TYPES) {
            mapType.addChoice(type, type);
        }
        return Commands.slash(NAME, "Change a CAD server's Live Map settings (preview first, then confirm)")
                .addOptions(
                        new OptionData(OptionType.INTEGER, SERVER, "The CAD server to change", true, true),
                        new OptionData(OptionType.BOOLEAN, ENABLE_MAP, "Show this server on the Live Map"),
                        mapType,
                        new OptionData(OptionType.STRING, MAP_IP, "Game server IP or host name (no http://, no port)"),
                        new OptionData(OptionType.INTEGER, LISTENER_PORT, "Port the SonoranCAD resource listens on")
                                .setRequiredRange(SetMapValidator.PORT_MIN, SetMapValidator.PORT_MAX),
                        new OptionData(OptionType.BOOLEAN, DIFFERING_OUTBOUND,
                                "The game server sends from another IP than map-ip"),
                        new OptionData(OptionType.STRING, OUTBOUND_IP, "The game server's outbound IP or host name"),
                        new OptionData(OptionType.STRING, MAP_URL, "Live Map URL (http:// or https://)"),
                        new OptionData(OptionType.STRING, SERVER_NAME, "Server name")
                                .setMaxLength(SetMapValidator.NAME_MAX),
                        new OptionData(OptionType.STRING, DESCRIPTION, "Server description")
                                .setMaxLength(SetMapValidator.DESCRIPTION_MAX),
                        new OptionData(OptionType.BOOLEAN, DEPLOY,
                                "Deploy the Live Map with this change (default: only if map/type/URL change)"))
                .setContexts(InteractionContextType.GUILD);
    }

    @Override
    public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        // Server names are only for staff (as in /servers): whoever may not edit gets no suggestions.
        if (mayUse(event.getMember()) && SERVER.equals(event.getFocusedOption().getName())) {
            autocomplete.reply(event);
        } else {
            event.replyChoices(List.of()).queue();
        }
    }

    @Override
    public void onSlash(SlashCommandInteractionEvent event) {
        if (!admitted(event) || !planAllowsChanges(event)) {
            return;
        }
        SetMapRequest request = parse(event);
        List<String> problems = validator.checkOptions(request);
        if (!problems.isEmpty()) {
            event.replyEmbeds(List.of(SetMapMessages.problems(problems))).setEphemeral(true).queue();
            return;
        }
        long invokerId = event.getUser().getIdLong();
        String invokerName = Members.displayName(event.getMember(), event.getUser());
        Access.Decision deployAccess = decide(Access.Action.DEPLOY, event.getMember());
        event.deferReply(true).queue();
        InteractionHook hook = event.getHook();
        onWorker(() -> preparePreview(request, deployAccess, invokerId, invokerName, hook),
                why -> edit(hook, Replies.error("Not now", "Nothing was changed. " + why)));
    }

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        long clicked = System.nanoTime();
        Optional<EditForm> form = EditForm.ofButton(id.action());
        if (form.isPresent()) {
            openForm(event, id, form.get());
            return;
        }
        if (!CONFIRM.equals(id.action()) && !CANCEL.equals(id.action())) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        try {
            click.handle(event, id, clicked, this::admitted, member -> decide(Access.Action.DEPLOY, member),
                    this::startConfirm);
        } catch (UncheckedStoreException e) {
            LOG.error("/setmap click not handled: {}", e.getMessage());
            event.replyEmbeds(List.of(Replies.databaseUnavailable())).setEphemeral(true).queue();
        }
    }

    private void startConfirm(long clicked, Preview preview, DeployDecision deploy, String memberName,
                              InteractionHook hook) {
        onWorker(clicked, () -> confirm(preview, deploy, memberName, hook),
                why -> edit(hook, Replies.error("Not now", "Nothing was written; run /setmap again. " + why)));
    }

    /**
     * Edit or More settings on a {@code /servers} detail card: the form, pre-filled from the list
     * the bot already has (no CAD call: the modal must be the first answer to the click). Confirm
     * reads fresh and merges, so anything newer is caught there.
     */
    private void openForm(ButtonInteractionEvent event, ComponentId id, EditForm form) {
        if (!admitted(event)) {
            return;
        }
        if (id.isExpired(ctx.clock().instant())) {
            event.replyEmbeds(List.of(Replies.error("Expired", Replies.CARD_EXPIRED))).setEphemeral(true).queue();
            return;
        }
        if (!planAllowsChanges(event)) {
            return;
        }
        Optional<ServerEntry> server = parseServerId(id.arg()).flatMap(serverId -> {
            ServerList list = ctx.directory().cachedOrNull();
            return list == null ? Optional.empty() : list.find(serverId);
        });
        if (server.isEmpty()) {
            event.replyEmbeds(List.of(Replies.error("Run /servers again", NOT_AT_HAND))).setEphemeral(true).queue();
            return;
        }
        Instant expiresAt = ctx.clock().instant().plus(FORM_LIFETIME);
        String key = forms.put(new OpenForms.Form(event.getUser().getIdLong(), server.get(), expiresAt));
        event.replyModal(form.modal(server.get(), new ComponentId(NAME, form.modalAction(), key, expiresAt).encode()))
                .queue();
    }

    /**
     * A submitted edit form: the fields whose value differs from what the form showed become a
     * {@code /setmap} request, checked and previewed exactly as the slash command's (no CAD call:
     * the preview is against the server as the form showed it; Confirm reads fresh and merges).
     */
    @Override
    public void onModal(ModalInteractionEvent event, ComponentId id) {
        Optional<EditForm> form = EditForm.ofModal(id.action());
        if (form.isEmpty()) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        if (!admitted(event)) {
            return;
        }
        Optional<OpenForms.Form> open = id.isExpired(ctx.clock().instant()) ? Optional.empty() : forms.get(id.arg());
        if (open.isEmpty()) {
            event.replyEmbeds(List.of(Replies.error("Expired", FORM_EXPIRED))).setEphemeral(true).queue();
            return;
        }
        if (open.get().memberId() != event.getUser().getIdLong()) {
            event.replyEmbeds(List.of(Replies.refusal(SetMapMessages.onlyInvoker(open.get().memberId(), "submit"))))
                    .setEphemeral(true).queue();
            return;
        }
        if (!planAllowsChanges(event)) {
            return;
        }
        ServerEntry seen = open.get().seen();
        EditForm.Submitted submitted = form.get().request(seen, name -> submittedValue(event, name));
        SetMapRequest request = submitted.request();
        if (submitted.problems().isEmpty() && !request.hasAnySetting()) {
            event.replyEmbeds(List.of(SetMapMessages.noOp(seen.id(), false))).setEphemeral(true).queue();
            return;
        }
        List<String> problems = new java.util.ArrayList<>(submitted.problems());
        problems.addAll(validator.checkOptions(request));
        if (!problems.isEmpty()) {
            event.replyEmbeds(List.of(SetMapMessages.problems(problems))).setEphemeral(true).queue();
            return;
        }
        PreviewReply reply;
        try {
            reply = previewOf(seen, request, decide(Access.Action.DEPLOY, event.getMember()),
                    event.getUser().getIdLong(), Members.displayName(event.getMember(), event.getUser()));
        } catch (UncheckedStoreException e) {
            LOG.error("edit form preview not stored: {}", e.getMessage());
            reply = new PreviewReply(Replies.databaseUnavailable(), List.of());
        }
        event.replyEmbeds(List.of(reply.embed())).setComponents(reply.components()).setEphemeral(true).queue();
    }

    private static Optional<String> submittedValue(ModalInteractionEvent event, String name) {
        ModalMapping value = event.getValue(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.getType() == Component.Type.STRING_SELECT) {
            List<String> chosen = value.getAsStringList();
            return chosen.isEmpty() ? Optional.empty() : Optional.of(chosen.get(0));
        }
        return Optional.ofNullable(value.getAsString());
    }

    private static Optional<Integer> parseServerId(String arg) {
        try {
            return Optional.of(Integer.parseInt(arg));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Worker: read the server, then the preview (or why there is none) in place of the deferred reply. */
    private void preparePreview(SetMapRequest request, Access.Decision deployAccess, long invokerId,
                                String invokerName, InteractionHook hook) {
        try {
            int serverId = (int) request.serverId();
            ServerList list = ctx.directory().servers();
            Optional<ServerEntry> found = list.find(serverId);
            if (found.isEmpty()) {
                edit(hook, Replies.unknownServer(serverId));
                return;
            }
            PreviewReply reply = previewOf(found.get(), request, deployAccess, invokerId, invokerName);
            hook.editOriginalEmbeds(List.of(reply.embed())).setComponents(reply.components()).queue();
        } catch (CadException e) {
            LOG.warn("/setmap preview failed: {}", e.getMessage());
            edit(hook, Replies.error("Could not read the servers", e.userMessage()));
        } catch (UncheckedStoreException e) {
            LOG.error("/setmap preview not stored: {}", e.getMessage());
            edit(hook, Replies.databaseUnavailable());
        } catch (RuntimeException e) {
            LOG.error("/setmap preview failed", e);
            edit(hook, SetMapMessages.internalError());
        }
    }

    /** A preview message: the embed, and Confirm/Cancel when there is something to confirm. */
    private record PreviewReply(MessageEmbed embed, List<ActionRow> components) {
    }

    /**
     * The one preview path behind {@code /setmap} and the edit forms: checks {@code request}
     * against {@code server} (what the member sees), works out the change and the deploy, and
     * stores the preview for Confirm. No CAD call.
     */
    private PreviewReply previewOf(ServerEntry server, SetMapRequest request, Access.Decision deployAccess,
                                   long invokerId, String invokerName) {
        List<String> problems = validator.checkAgainst(request, server);
        if (!problems.isEmpty()) {
            return new PreviewReply(SetMapMessages.problems(problems), List.of());
        }
        SetMapPlan plan = SetMapPlan.of(server, request.toChanges(), request.deploy(), deployAccess,
                deployGate.refusal().map(DeployGate.Refused::message));
        if (plan.isNoOp()) {
            return new PreviewReply(SetMapMessages.noOp(server.id(), Boolean.TRUE.equals(request.deploy())), List.of());
        }
        Instant expiresAt = ctx.clock().instant().plus(ctx.settings().previewExpiry());
        String key = previews.put(new Preview(invokerId, invokerName, server.id(), server, plan.changes(),
                plan.deploy(), expiresAt));
        return new PreviewReply(SetMapMessages.preview(plan, expiresAt), List.of(ActionRow.of(
                Button.success(new ComponentId(NAME, CONFIRM, key, expiresAt).encode(), "Confirm"),
                Button.secondary(new ComponentId(NAME, CANCEL, key, expiresAt).encode(), "Cancel"))));
    }

    /**
     * Worker: the deploy gate when the change deploys, then write, audit, tell the member. The
     * audit record comes before any success message; the gate's ticket is handed back whatever
     * ends the write (an Error too).
     */
    private void confirm(Preview preview, DeployDecision planned, String memberName, InteractionHook hook) {
        AuditTrail.Attempt attempt;
        try {
            // Recorded before anything is written: no write without its record.
            attempt = ctx.audit().begin(new AuditTrail.PlannedChange(preview.invokerId(), memberName,
                    preview.serverId(), preview.seenBefore(), preview.changes().applyTo(preview.seenBefore()),
                    planned.mayTry()));
        } catch (RecordUnavailableException e) {
            edit(hook, Replies.databaseUnavailable());
            return;
        }
        try {
            confirm(preview, planned, memberName, hook, attempt);
        } catch (UncheckedStoreException e) {
            // The deploy gate's database went away between the record and the write: nothing was written.
            LOG.error("/setmap on server {} not written: {}", preview.serverId(), e.getMessage());
            end(attempt, preview, planned, memberName, "store_unavailable", null);
            edit(hook, Replies.databaseUnavailable());
        }
    }

    private void confirm(Preview preview, DeployDecision planned, String memberName, InteractionHook hook,
                         AuditTrail.Attempt record) {
        DeployDecision.Gated gated = planned.through(deployGate, preview.invokerId(), memberName);
        DeployGate.Ticket ticket = gated.ticket();
        DeployDecision deploy = gated.deploy();
        try {
            write(preview, deploy, ticket, memberName, hook, record);
        } finally {
            if (ticket != null) {
                deployGate.failed(ticket); // a no-op once succeeded() has run
            }
        }
    }

    private void write(Preview preview, DeployDecision deploy, DeployGate.Ticket ticket, String memberName,
                       InteractionHook hook, AuditTrail.Attempt attempt) {
        UpdateResult result;
        try {
            result = ctx.directory().update(preview.serverId(), preview.changes(), preview.seenBefore(),
                    deploy.deploys());
        } catch (WriteOutcomeUnknownException e) {
            // It may have deployed: keep the cooldown, so a quick /deploymap cannot restart the map twice.
            if (ticket != null) {
                deployGate.succeeded(ticket);
            }
            LOG.warn("/setmap on server {} may or may not have been written: {}", preview.serverId(), e.getMessage());
            boolean auditFailed = !end(attempt, preview, deploy, memberName, auditOutcome(e), null);
            edit(hook, SetMapMessages.failed(e, auditFailed));
            return;
        } catch (ConflictException e) {
            LOG.info("/setmap on server {} refused: {}", preview.serverId(), e.getMessage());
            boolean auditFailed = !end(attempt, preview, deploy, memberName, "conflict", null);
            edit(hook, SetMapMessages.conflict(e, auditFailed));
            return;
        } catch (CadException e) {
            LOG.warn("/setmap on server {} failed: {}", preview.serverId(), e.getMessage());
            boolean auditFailed = !end(attempt, preview, deploy, memberName, auditOutcome(e), null);
            edit(hook, SetMapMessages.failed(e, auditFailed));
            return;
        } catch (RuntimeException e) {
            LOG.error("/setmap on server {} failed", preview.serverId(), e);
            end(attempt, preview, deploy, memberName, AuditRecord.INTERNAL_ERROR, null);
            edit(hook, SetMapMessages.internalError());
            return;
        }
        if (ticket != null) {
            deployGate.succeeded(ticket);
        }
        boolean auditFailed = !end(attempt, preview, deploy, memberName, "success", new AuditTrail.Written(
                result.before(), result.after(), result.beforeIndex(), result.list()));
        edit(hook, SetMapMessages.success(preview, deploy, result.keptMeanwhile(), result.meanwhileByTheBot(),
                auditFailed));
    }

    static String auditOutcome(CadException e) {
        return e instanceof WriteOutcomeUnknownException
                ? WriteOutcomeUnknownException.AUDIT_OUTCOME : e.kind().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Records how the attempt ended (audit line and revision, in one step); false (and a log line)
     * when the audit file's line could not be written.
     */
    private boolean end(AuditTrail.Attempt attempt, Preview preview, DeployDecision deploy, String memberName,
                        String outcome, AuditTrail.Written written) {
        try {
            attempt.end(new AuditRecord(ctx.clock().instant(), preview.invokerId(), memberName, AUDIT_ACTION,
                    preview.serverId(), preview.diff(), deploy.deploys(), outcome), written);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("could not write the audit record of /setmap on server {} (outcome {})",
                    preview.serverId(), outcome, e);
            return false;
        }
    }

    /** Replaces the deferred message: one embed, no buttons. */
    private static void edit(InteractionHook hook, MessageEmbed embed) {
        hook.editOriginalEmbeds(List.of(embed)).setComponents(List.of()).queue();
    }

    static SetMapRequest parse(SlashCommandInteractionEvent event) {
        return new SetMapRequest(
                option(event, SERVER, OptionMapping::getAsLong, 0L),
                option(event, ENABLE_MAP, OptionMapping::getAsBoolean, null),
                option(event, MAP_TYPE, OptionMapping::getAsString, null),
                option(event, MAP_IP, OptionMapping::getAsString, null),
                option(event, LISTENER_PORT, OptionMapping::getAsLong, null),
                option(event, DIFFERING_OUTBOUND, OptionMapping::getAsBoolean, null),
                option(event, OUTBOUND_IP, OptionMapping::getAsString, null),
                option(event, MAP_URL, OptionMapping::getAsString, null),
                option(event, SERVER_NAME, OptionMapping::getAsString, null),
                option(event, DESCRIPTION, OptionMapping::getAsString, null),
                option(event, DEPLOY, OptionMapping::getAsBoolean, null));
    }

    private static <T> T option(SlashCommandInteractionEvent event, String name, Function<OptionMapping, T> read,
                                T absent) {
        OptionMapping mapping = event.getOption(name);
        return mapping == null ? absent : read.apply(mapping);
    }
}
