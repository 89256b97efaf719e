package livemapbot.discord.audit;

import livemapbot.audit.AuditRecord;
import livemapbot.cad.FieldChange;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Posts every audit record to {@code discord.auditChannelId}. Register it with
 * {@code AuditLog#addListener} once JDA is ready (it looks the channel up in JDA's cache).
 *
 * <p>The post is queued, never awaited: the file is the durable record, the channel a convenience.
 * A missing channel or missing permission is logged as a warning once per kind until a post
 * succeeds again, so a misconfigured channel does not flood the log with one warning per edit.
 */
public final class AuditChannelPoster implements Consumer<AuditRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(AuditChannelPoster.class);

    /** Why a post did not arrive, for warning once per kind. */
    enum Failure { CHANNEL_MISSING, NO_PERMISSION, OTHER }

    private final JDA jda;
    private final long channelId;
    private final Set<Failure> warned = ConcurrentHashMap.newKeySet();

    public AuditChannelPoster(JDA jda, long channelId) {
        this.jda = jda;
        this.channelId = channelId;
    }

    @Override
    public void accept(AuditRecord record) {
        GuildMessageChannel channel = jda.getChannelById(GuildMessageChannel.class, channelId);
        if (channel == null) {
            warnOnce(Failure.CHANNEL_MISSING, "the audit channel " + channelId + " (discord.auditChannelId) "
                    + "does not exist or the bot cannot see it; audit records go to the file only");
            return;
        }
        try {
            channel.sendMessageEmbeds(List.of(render(record))).queue(
                    sent -> warned.clear(),
                    this::postFailed);
        } catch (InsufficientPermissionException e) {
            warnOnce(Failure.NO_PERMISSION, permissionHint() + " (missing " + e.getPermission().getName() + ")");
        } catch (RuntimeException e) {
            warnOnce(Failure.OTHER, "cannot post to the audit channel " + channelId + ": " + e);
        }
    }

    private void postFailed(Throwable error) {
        if (error instanceof ErrorResponseException response
                && (response.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS
                || response.getErrorResponse() == ErrorResponse.MISSING_ACCESS)) {
            warnOnce(Failure.NO_PERMISSION, permissionHint());
        } else if (error instanceof ErrorResponseException response
                && response.getErrorResponse() == ErrorResponse.UNKNOWN_CHANNEL) {
            warnOnce(Failure.CHANNEL_MISSING, "the audit channel " + channelId + " no longer exists");
        } else {
            warnOnce(Failure.OTHER, "cannot post to the audit channel " + channelId + ": " + error);
        }
    }

    private String permissionHint() {
        return "the bot may not post in the audit channel " + channelId
                + ": give it View Channel, Send Messages and Embed Links there";
    }

    private void warnOnce(Failure kind, String message) {
        if (warned.add(kind)) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    /** The audit embed: who, what, which server, each change old → new, deploy flag, outcome, time. */
    public static MessageEmbed render(AuditRecord record) {
        boolean success = "success".equals(record.outcome());
        EmbedBuilder embed = new EmbedBuilder()
                .setColor(success ? Replies.SUCCESS : Replies.ERROR)
                .setTitle(EmbedText.fit("Audit: /" + record.action() + " — " + record.outcome(), EmbedText.TITLE))
                .addField("Who", EmbedText.value("<@" + Long.toUnsignedString(record.memberId()) + "> ("
                        + EmbedText.literal(record.memberName(), 100) + ")"), true)
                .addField("Server", record.serverId() == null ? "all servers" : "#" + record.serverId(), true)
                .addField("Deploy", record.deploy() ? "yes" : "no", true)
                .addField("Outcome", EmbedText.literalValue(record.outcome()), true)
                .addField("When", "<t:" + record.time().getEpochSecond() + ":F>", true)
                .setTimestamp(record.time());
        if (!record.changes().isEmpty()) {
            embed.setDescription(changes(record.changes()));
        }
        return embed.build();
    }

    /** One line per change; cut with "… and N more" when they do not fit the description. */
    private static String changes(List<FieldChange> changes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < changes.size(); i++) {
            String line = line(changes.get(i)) + "\n";
            String more = "… and " + (changes.size() - i - 1) + " more";
            boolean last = i == changes.size() - 1;
            if (text.length() + line.length() + (last ? 0 : more.length()) > EmbedText.DESCRIPTION) {
                text.append("… and ").append(changes.size() - i).append(" more");
                return text.toString();
            }
            text.append(line);
        }
        return text.toString().stripTrailing();
    }

    private static String line(FieldChange change) {
        String label = change.label() == null || change.label().isBlank() ? change.field() : change.label();
        return "**" + EmbedText.literal(label, 100) + "**: "
                + EmbedText.code(EmbedText.fit(change.before(), 300)) + " → "
                + EmbedText.code(EmbedText.fit(change.after(), 300));
    }
}
