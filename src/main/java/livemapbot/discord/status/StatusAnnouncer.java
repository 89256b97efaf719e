package livemapbot.discord.status;

import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import livemapbot.discord.servers.ServerEmbeds;
import livemapbot.discord.servers.ServersCommand;
import livemapbot.status.ProbeVerdict;
import livemapbot.status.StatusWatch;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.util.List;
import java.util.OptionalLong;

/**
 * The status watch's voice: posts each confirmed verdict change ({@link StatusWatch}, after two
 * agreeing observations) to {@code discord.announceChannelId}, with the time it changed and where
 * the advice is ({@code /servers server:N}). Every change is logged; without an announcement
 * channel that is all. Mentions nobody (the bot's default); the text from the game server is escaped.
 */
public final class StatusAnnouncer implements StatusWatch.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(StatusAnnouncer.class);
    public static final String FOOTER = "Status watch";

    private final JDA jda;
    private final OptionalLong channelId;

    public StatusAnnouncer(JDA jda, OptionalLong channelId) {
        this.jda = jda;
        this.channelId = channelId;
    }

    @Override
    public void verdictChanged(StatusWatch.VerdictChange change) {
        LOG.info("status watch: server {} changed: {}", change.server().id(), change.describe());
        if (channelId.isEmpty()) {
            return;
        }
        long id = channelId.getAsLong();
        GuildMessageChannel channel = jda.getChannelById(GuildMessageChannel.class, id);
        if (channel == null) {
            LOG.warn("status watch: the announcement channel {} (discord.announceChannelId) does not exist or the"
                    + " bot cannot see it; the change of server {} is only logged", id, change.server().id());
            return;
        }
        try {
            channel.sendMessageEmbeds(List.of(render(change))).queue(null, error -> LOG.warn(
                    "status watch: could not announce the change of server {} in channel {}: {}",
                    change.server().id(), id, error.toString()));
        } catch (RuntimeException e) {
            LOG.warn("status watch: could not announce the change of server {} in channel {}: {}",
                    change.server().id(), id, e.toString());
        }
    }

    /**
     * The announcement: which server, the new verdict and the old one, when it changed (the first of
     * the two agreeing observations) and the command that shows each check and the next step.
     */
    public static MessageEmbed render(StatusWatch.VerdictChange change) {
        int serverId = change.server().id();
        long changedAt = change.changedAt().getEpochSecond();
        String description = "**Now:** " + ServerEmbeds.verdictLine(change.after())
                + "\n**Before:** " + ServerEmbeds.verdictLine(change.before())
                + "\n**Changed:** <t:" + changedAt + ":F> (<t:" + changedAt + ":R>), confirmed by the next check."
                + "\nWhat each check saw and what to do: `/" + ServersCommand.NAME + " "
                + ServersCommand.OPTION_SERVER + ":" + serverId + "`";
        return new EmbedBuilder()
                .setColor(colour(change.after().verdict()))
                .setTitle(EmbedText.fit("Live status: " + ServerEmbeds.title(change.server()), EmbedText.TITLE))
                .setDescription(EmbedText.fit(description, EmbedText.DESCRIPTION))
                .setFooter(FOOTER)
                .setTimestamp(change.changedAt())
                .build();
    }

    private static Color colour(ProbeVerdict verdict) {
        return switch (verdict) {
            case ONLINE -> Replies.SUCCESS;
            case UNREACHABLE -> Replies.ERROR;
            case NOT_PROBED -> Replies.NEUTRAL;
            default -> Replies.WARNING;
        };
    }
}
