package livemapbot.discord.deploy;

import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.audit.RecordUnavailableException;
import livemapbot.cad.CadException;
import livemapbot.cad.ServerList;
import livemapbot.cad.WriteOutcomeUnknownException;
import livemapbot.discord.Access;
import livemapbot.discord.BotCommandAdapter;
import livemapbot.discord.BotContext;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Members;
import livemapbot.discord.Replies;
import livemapbot.store.UncheckedStoreException;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
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

/**
 * {@code /deploymap [note]}: redeploys the Live Map with the current server list and announces it.
 *
 * <p>On the event thread: access check, the {@link DeployGate}, {@code deferReply}. On a worker:
 * the CAD write, the audit record, the announcement, and the invoker's ephemeral answer. Once the
 * CAD has accepted the deploy it counts (cooldown, audit "success") whatever happens to the
 * announcement afterwards.
 */
public final class DeployMapCommand extends BotCommandAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DeployMapCommand.class);
    public static final String NAME = "deploymap";
    public static final String OPTION_NOTE = "note";
    public static final int MAX_NOTE = 200;

    private final DeployGate gate;

    /** {@code gate} is shared with {@code /setmap}, whose deploys pass the same gate and cooldown. */
    public DeployMapCommand(BotContext ctx, DeployGate gate) {
        super(ctx, NAME, Access.Action.DEPLOY);
        this.gate = gate;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash(NAME, "Redeploy the Live Map with the current server settings and announce it")
                .addOptions(new OptionData(OptionType.STRING, OPTION_NOTE, "Why you deploy (shown in the announcement)",
                        false).setMaxLength(MAX_NOTE))
                .setContexts(InteractionContextType.GUILD);
    }

    @Override
    public void onSlash(SlashCommandInteractionEvent event) {
        long invoked = System.nanoTime();
        if (!admitted(event) || !planAllowsChanges(event)) {
            return;
        }
        User user = event.getUser();
        String memberName = Members.displayName(event.getMember(), user);
        String note = note(event.getOption(OPTION_NOTE));
        // The current channel is only needed (and only asked for) when no announcement channel is set.
        MessageChannel here = ctx.settings().announceChannelId().isPresent() ? null : event.getMessageChannel();
        DeployGate.Attempt attempt;
        try {
            attempt = gate.tryBegin(user.getIdLong(), memberName);
        } catch (UncheckedStoreException e) {
            LOG.error("/deploymap by {} refused: {}", memberName, e.getMessage());
            event.replyEmbeds(List.of(Replies.databaseUnavailable())).setEphemeral(true).queue();
            return;
        }
        if (attempt instanceof DeployGate.Refused refused) {
            event.replyEmbeds(List.of(Replies.error("Not deployed", refused.message()))).setEphemeral(true).queue();
            return;
        }
        DeployGate.Ticket ticket = (DeployGate.Ticket) attempt;
        Request request = new Request(ticket, note, event.getGuild(), here, event.getHook());
        // The deploy starts only once Discord has taken the acknowledgement: a command that arrived
        // too late (the member already sees "interaction failed") must not restart the map unseen.
        boolean queued = false;
        try {
            event.deferReply(true).queue(
                    acknowledged -> start(invoked, request),
                    failure -> {
                        gate.failed(ticket);
                        LOG.warn("/deploymap by {} was not acknowledged ({}); not deployed", ticket.memberName(),
                                failure.toString());
                    });
            queued = true;
        } finally {
            if (!queued) {
                gate.failed(ticket);
            }
        }
    }

    private void start(long invoked, Request request) {
        onWorker(invoked, () -> deploy(request), why -> {
            gate.failed(request.ticket);
            send(request.hook, Replies.error("Not deployed", why));
        });
    }

    /** What the worker needs, taken from the event on the event thread; {@code here} null when unused. */
    private record Request(DeployGate.Ticket ticket, String note, Guild guild, MessageChannel here,
                           InteractionHook hook) {
    }

    /** Worker: the deploy, and whatever ends it hands the ticket back (an Error too). */
    private void deploy(Request request) {
        try {
            deployAndAnnounce(request);
        } finally {
            // A no-op once succeeded() has run; otherwise nothing was deployed and a retry is allowed.
            gate.failed(request.ticket);
        }
    }

    private void deployAndAnnounce(Request request) {
        DeployGate.Ticket ticket = request.ticket;
        AuditTrail.Attempt attempt;
        try {
            // Recorded before anything is written: no deploy without its record.
            attempt = ctx.audit().begin(new AuditTrail.PlannedChange(ticket.memberId(), ticket.memberName(), null,
                    null, null, true));
        } catch (RecordUnavailableException e) {
            gate.failed(ticket);
            send(request.hook, Replies.databaseUnavailable());
            return;
        }
        ServerList deployed;
        try {
            deployed = ctx.directory().deploy();
        } catch (WriteOutcomeUnknownException e) {
            // It may have gone through: keep the cooldown, so a quick retry cannot restart the map twice.
            gate.succeeded(ticket);
            LOG.warn("deploy by {} ({}) may or may not have happened: {}", ticket.memberName(), ticket.memberId(),
                    e.getMessage());
            String auditProblem = audit(attempt, ticket, WriteOutcomeUnknownException.AUDIT_OUTCOME, null);
            send(request.hook, Replies.error("Live Map deploy: result unknown", e.userMessage() + auditProblem));
            return;
        } catch (CadException e) {
            gate.failed(ticket);
            LOG.warn("deploy by {} ({}) failed: {}", ticket.memberName(), ticket.memberId(), e.getMessage());
            String auditProblem = audit(attempt, ticket, e.kind().name().toLowerCase(Locale.ROOT), null);
            send(request.hook, Replies.error("Live Map not deployed", e.userMessage() + auditProblem));
            return;
        } catch (RuntimeException e) {
            gate.failed(ticket);
            LOG.error("deploy by {} ({}) failed", ticket.memberName(), ticket.memberId(), e);
            String auditProblem = audit(attempt, ticket, AuditRecord.INTERNAL_ERROR, null);
            send(request.hook, Replies.error("Live Map not deployed", Replies.INTERNAL_ERROR + auditProblem));
            return;
        }
        gate.succeeded(ticket);
        Instant at = ctx.clock().instant();
        LOG.info("live map deployed by {} ({})", ticket.memberName(), ticket.memberId());
        // Written before anyone is told: the record must exist for every deploy staff hear about.
        String auditProblem = audit(attempt, ticket, "success", new AuditTrail.Written(null, null, null, deployed));
        announce(request, DeployAnnouncement.render(ticket.memberId(), ticket.memberName(), at, request.note,
                deployed.servers()), auditProblem);
    }

    private void announce(Request request, MessageEmbed announcement, String auditProblem) {
        MessageChannel channel;
        long channelId;
        if (ctx.settings().announceChannelId().isPresent()) {
            channelId = ctx.settings().announceChannelId().getAsLong();
            channel = request.guild.getChannelById(GuildMessageChannel.class, channelId);
            if (channel == null) {
                announceFailed(request.hook, AnnouncementFailure.channelMissing(channelId), auditProblem);
                return;
            }
        } else {
            channel = request.here;
            channelId = channel.getIdLong();
        }
        try {
            channel.sendMessageEmbeds(List.of(announcement)).queue(
                    message -> send(request.hook, new EmbedBuilder()
                            .setColor(Replies.SUCCESS)
                            .setTitle("Live Map deployed")
                            .setDescription("Announced in <#" + channelId + ">: " + message.getJumpUrl() + auditProblem)
                            .build()),
                    failure -> {
                        LOG.warn("deploy announcement in channel {} failed: {}", channelId, failure.toString());
                        announceFailed(request.hook, AnnouncementFailure.explain(failure, channelId), auditProblem);
                    });
        } catch (RuntimeException e) {
            // InsufficientPermissionException: JDA knows from its cache that the post would be refused.
            LOG.warn("deploy announcement in channel {} refused locally: {}", channelId, e.toString());
            announceFailed(request.hook, AnnouncementFailure.explain(e, channelId), auditProblem);
        }
    }

    private void announceFailed(InteractionHook hook, String why, String auditProblem) {
        send(hook, new EmbedBuilder()
                .setColor(Replies.WARNING)
                .setTitle("Live Map deployed, announcement failed")
                .setDescription(EmbedText.fit("The Live Map was deployed, but the announcement could not be posted. "
                        + why + auditProblem, EmbedText.DESCRIPTION))
                .build());
    }

    /**
     * Records how the attempt ended (audit line and revision, in one step); returns "" or a
     * sentence to add to the invoker's answer.
     */
    private String audit(AuditTrail.Attempt attempt, DeployGate.Ticket ticket, String outcome,
                         AuditTrail.Written written) {
        AuditRecord record = new AuditRecord(ctx.clock().instant(), ticket.memberId(), ticket.memberName(),
                NAME, null, List.of(), true, outcome);
        try {
            attempt.end(record, written);
            return "";
        } catch (IOException | RuntimeException e) {
            LOG.error("deploy by {} ({}) with outcome {} is NOT in the audit file", ticket.memberName(),
                    ticket.memberId(), outcome, e);
            return "\n\n⚠️ The audit record could not be written to the audit file; the bot log has the details.";
        }
    }

    private static void send(InteractionHook hook, MessageEmbed embed) {
        hook.editOriginalEmbeds(List.of(embed)).queue(null,
                failure -> LOG.warn("cannot answer the /deploymap invoker: {}", failure.toString()));
    }

    /** The note option, trimmed; null when absent or blank. Discord enforces the length, the cut is a backstop. */
    static String note(OptionMapping option) {
        if (option == null) {
            return null;
        }
        String text = option.getAsString().strip();
        return text.isEmpty() ? null : EmbedText.fit(text, MAX_NOTE);
    }
}
