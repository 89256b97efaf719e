package livemapbot.discord.history;

import livemapbot.cad.ServerEntry;
import livemapbot.discord.ComponentId;
import livemapbot.history.DriftDetection;
import livemapbot.history.DriftListener;
import livemapbot.history.ServerDelta;
import livemapbot.store.NewRevision;
import livemapbot.store.RevisionOutcome;
import livemapbot.store.RevisionSource;
import livemapbot.store.Revisions;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What the bot does with each outside change the drift watch notices: one revision per server
 * changed, added or removed (source {@code outside}), then one post in the audit channel (else the
 * announcement channel; neither → the log only) with <b>Revert</b> and <b>Keep</b>, whose ids carry
 * the detection's revisions and an expiry ({@link MapRollbackCommand} handles the clicks).
 */
public final class DriftReporter implements DriftListener {
    private static final Logger LOG = LoggerFactory.getLogger(DriftReporter.class);
    /** How long Revert and Keep work; after that /maprollback still can. */
    public static final Duration BUTTON_LIFETIME = Duration.ofDays(7);

    private final Revisions revisions;
    private final Supplier<JDA> jda;
    private final OptionalLong channelId;
    private final Clock clock;

    /**
     * @param jda       the running JDA (a supplier: the watch is wired before the bot has connected)
     * @param channelId the audit channel, else the announcement channel; empty = log only
     */
    public DriftReporter(Revisions revisions, Supplier<JDA> jda, OptionalLong channelId, Clock clock) {
        this.revisions = revisions;
        this.jda = jda;
        this.channelId = channelId;
        this.clock = clock;
    }

    @Override
    public void onDrift(DriftDetection detection) {
        List<Long> ids = new ArrayList<>();
        for (ServerDelta delta : detection.servers()) {
            try {
                ids.add(revisions.append(new NewRevision(detection.noticedAt(), detection.community(), null, null,
                        RevisionSource.OUTSIDE, List.of(delta.serverId()), json(delta.before()), json(delta.after()),
                        false, RevisionOutcome.APPLIED, detection.classification().explanation(), null,
                        delta.before() == null ? null : delta.beforeIndex())));
            } catch (StoreException e) {
                LOG.error("could not record the outside change of server {}: {}", delta.serverId(), e.getMessage());
            }
        }
        MessageEmbed embed = HistoryEmbeds.drift(detection);
        LOG.info("outside change: {} server(s) ({}), recorded as revisions {}", detection.servers().size(),
                detection.classification().kind(), ids);
        if (channelId.isEmpty()) {
            return;
        }
        TextChannel channel = jda.get() == null ? null : jda.get().getTextChannelById(channelId.getAsLong());
        if (channel == null) {
            LOG.warn("the outside change could not be posted: channel {} is not visible to the bot",
                    channelId.getAsLong());
            return;
        }
        var message = channel.sendMessageEmbeds(embed);
        if (!ids.isEmpty()) {
            Instant expiresAt = clock.instant().plus(BUTTON_LIFETIME);
            String arg = arg(ids);
            message = message.setComponents(ActionRow.of(
                    Button.danger(new ComponentId(MapRollbackCommand.NAME, MapRollbackCommand.REVERT, arg, expiresAt)
                            .encode(), "Revert"),
                    Button.secondary(new ComponentId(MapRollbackCommand.NAME, MapRollbackCommand.KEEP, arg, expiresAt)
                            .encode(), "Keep")));
        }
        message.queue(null, failure -> LOG.warn("the outside change could not be posted: {}", failure.toString()));
    }

    /** The revisions in a button: {@code 12.13.14}, or {@code 12-40} when the list would not fit. */
    static String arg(List<Long> ids) {
        String list = ids.stream().map(String::valueOf).collect(Collectors.joining("."));
        return list.length() <= 60 ? list : ids.get(0) + "-" + ids.get(ids.size() - 1);
    }

    /** The revision numbers of a button's {@link #arg}; empty when it is not one. */
    static Optional<List<Long>> revisionIds(String arg) {
        try {
            if (arg.contains("-")) {
                String[] range = arg.split("-", -1);
                long first = Long.parseLong(range[0]);
                long last = Long.parseLong(range[1]);
                if (range.length != 2 || first < 1 || last < first || last - first > 1000) {
                    return Optional.empty();
                }
                return Optional.of(LongStream.rangeClosed(first, last).boxed().toList());
            }
            List<Long> ids = new ArrayList<>();
            for (String part : arg.split("\\.", -1)) {
                ids.add(Long.parseLong(part));
            }
            return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static String json(ServerEntry entry) {
        return entry == null ? null : entry.toJson().toString();
    }
}
