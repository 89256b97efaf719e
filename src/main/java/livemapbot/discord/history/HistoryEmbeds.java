package livemapbot.discord.history;

import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import livemapbot.discord.setmap.DeployDecision;
import livemapbot.history.DriftDetection;
import livemapbot.history.FieldDelta;
import livemapbot.history.HistoryText;
import livemapbot.history.RollbackBuilder;
import livemapbot.history.ServerDelta;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Every embed of {@code /maphistory}, {@code /maprollback} and the drift post, without JDA events.
 * CAD text and member names go through {@link EmbedText#escape} and values through
 * {@link HistoryText#change} (one truncation routine); each embed is built with the most generous
 * value cap that keeps it within Discord's limits (25 fields, 1024 per value, 6000 in all).
 */
public final class HistoryEmbeds {
    /** Revisions per /maphistory page. */
    public static final int PAGE_SIZE = 5;
    /** Longest shown old or new value, tried from the most generous down until the embed fits. */
    private static final int[] VALUE_CAPS = {200, 100, 50, 20};
    /** Servers listed as fields; the rest are counted in a last field. */
    private static final int MAX_SERVER_FIELDS = 20;
    private static final int NAME_CAP = 80;

    public static final String DRIFT_TITLE = "Changed outside the bot";

    private HistoryEmbeds() {
    }

    // ---- /maphistory -------------------------------------------------------------------------

    /** Nothing recorded yet: what will appear here, and since when history is kept. */
    public static MessageEmbed empty(boolean filtered, Duration driftInterval) {
        String drift = driftInterval.isZero()
                ? "Changes made outside the bot are not watched (drift.intervalSeconds is 0)."
                : "Changes made outside the bot (the CAD panel, the FiveM resource, another integration) are"
                        + " listed once the bot notices them, within " + minutes(driftInterval) + ".";
        return new EmbedBuilder().setColor(Replies.NEUTRAL).setTitle("Map history")
                .setDescription((filtered ? "Nothing recorded for this server yet." : "Nothing recorded yet.")
                        + " Every change made through /setmap and /maprollback will appear here, newest first:"
                        + " who, when, and each field old → new. " + drift
                        + " The bot keeps history since it first ran with its store (store.url);"
                        + " changes from before that were not recorded.")
                .build();
    }

    /** One page of revisions, newest first. */
    public static MessageEmbed page(List<RevisionView> views, int page, int pages, long total, String serverName,
                                    Instant now) {
        return fitted((cap, maxFields) -> {
            EmbedBuilder embed = new EmbedBuilder().setColor(Replies.NEUTRAL)
                    .setTitle(EmbedText.fit("Map history" + (serverName == null ? "" : " — " + serverName),
                            EmbedText.TITLE))
                    .setFooter("Page " + (page + 1) + " of " + pages + " · " + total + " change(s) · newest first");
            for (RevisionView view : views) {
                embed.addField(EmbedText.literal(revisionHeading(view), EmbedText.FIELD_NAME),
                        revisionValue(view, cap), false);
            }
            return embed;
        });
    }

    static String revisionHeading(RevisionView view) {
        String name = view.serverName().isBlank() ? "" : " " + view.serverName().strip();
        String server = view.serverId() < 0 ? "whole list" : "#" + view.serverId() + name;
        return "#" + view.revision().id() + " · " + server + " · "
                + HistoryText.sourceWords(view.revision().source().dbValue());
    }

    private static String revisionValue(RevisionView view, int cap) {
        StringBuilder text = new StringBuilder();
        text.append(timestamp(view.revision().time(), "R"));
        String who = view.revision().memberName();
        if (who != null && !who.isBlank()) {
            // A display name, never a mention: escaped so it cannot ping or format.
            text.append(" by ").append(EmbedText.literal(who.strip(), NAME_CAP));
        }
        if (view.revision().reverts() != null) {
            text.append(" · undoes #").append(view.revision().reverts());
        }
        switch (view.revision().outcome()) {
            case APPLIED -> { }
            case CONFLICT -> text.append(" · not written (changed meanwhile)");
            case FAILED -> text.append(" · failed");
            case OUTCOME_UNKNOWN -> text.append(" · result unknown");
        }
        text.append('\n');
        switch (view.what()) {
            case CHANGED -> view.fields().forEach(f -> text.append(changeLine(f, cap)).append('\n'));
            case ADDED -> text.append("server added\n");
            case REMOVED -> text.append("server removed\n");
            case WHOLE_LIST -> text.append(view.revision().deploy() ? "Live Map deployed\n" : "whole list written\n");
        }
        return EmbedText.value(text.toString().strip());
    }

    // ---- drift -------------------------------------------------------------------------------

    /** The post for one outside change: which servers, each field old → new, when, and the likely cause. */
    public static MessageEmbed drift(DriftDetection detection) {
        String description = detection.classification().explanation() + ".\n"
                + "Noticed " + timestamp(detection.noticedAt(), "f") + "; changed between "
                + timestamp(detection.windowStart(), "f") + " and " + timestamp(detection.noticedAt(), "f") + ".";
        return fitted((cap, maxFields) -> {
            EmbedBuilder embed = new EmbedBuilder().setColor(Replies.WARNING).setTitle(DRIFT_TITLE)
                    .setDescription(description)
                    .setFooter("Revert puts these servers back as they were (preview first); Keep accepts the change.");
            List<ServerDelta> servers = detection.servers();
            int shown = Math.min(servers.size(), maxFields);
            for (ServerDelta delta : servers.subList(0, shown)) {
                embed.addField(EmbedText.literal(deltaHeading(delta), EmbedText.FIELD_NAME), deltaValue(delta, cap),
                        false);
            }
            if (servers.size() > shown) {
                embed.addField("…", "and " + (servers.size() - shown) + " more server(s)", false);
            }
            return embed;
        });
    }

    /** The drift post after Keep: the same, plus who kept it and when, without buttons. */
    public static MessageEmbed kept(MessageEmbed original, String memberName, Instant at) {
        EmbedBuilder embed = new EmbedBuilder(original).setColor(Replies.NEUTRAL);
        String line = "Kept by " + EmbedText.literal(memberName, NAME_CAP) + " " + timestamp(at, "R") + ".";
        if (embed.getFields().size() >= EmbedText.MAX_FIELDS) {
            embed.getFields().remove(embed.getFields().size() - 1);
        }
        embed.addField("Kept", line, false);
        while (embed.length() > EmbedText.MAX_TOTAL && embed.getFields().size() > 1) {
            embed.getFields().remove(embed.getFields().size() - 2);
        }
        return embed.build();
    }

    static String deltaHeading(ServerDelta delta) {
        String name = delta.name().isBlank() ? "" : " " + delta.name().strip();
        return "#" + delta.serverId() + name + " — " + switch (delta.kind()) {
            case CHANGED -> "changed";
            case ADDED -> "added at position " + (delta.afterIndex() + 1);
            case REMOVED -> "removed (was at position " + (delta.beforeIndex() + 1) + ")";
        };
    }

    private static String deltaValue(ServerDelta delta, int cap) {
        return switch (delta.kind()) {
            case CHANGED -> EmbedText.value(String.join("\n", delta.fields().stream().map(f -> changeLine(f, cap)).toList()));
            case ADDED -> "A new entry; Revert removes it.";
            case REMOVED -> "Deleted with every field; Revert re-adds it at its old position.";
        };
    }

    // ---- /maprollback ------------------------------------------------------------------------

    /** The rollback preview: each server's change old (current) → new (written), and the deploy line. */
    public static MessageEmbed rollbackPreview(String what, RollbackBuilder.Plan plan, DeployDecision deploy,
                                               Instant expiresAt) {
        String description = EmbedText.fit("Roll back " + what + ". ", 1000)
                + "Press **Confirm** to write this to the CAD, or **Cancel**. This preview expires "
                + timestamp(expiresAt, "R") + ".";
        return fitted((cap, maxFields) -> {
            EmbedBuilder embed = new EmbedBuilder().setColor(Replies.WARNING).setTitle("Roll back?")
                    .setDescription(description);
            addChanges(embed, plan.changes(), cap, maxFields);
            embed.addField("Live Map", deployLine(deploy), false);
            return embed;
        });
    }

    /** The rollback went through. */
    public static MessageEmbed rolledBack(String what, RollbackBuilder.Plan plan, DeployDecision deploy,
                                          boolean auditFailed) {
        String description = "Rolled back " + EmbedText.fit(what, 1000) + ". "
                + (deploy.deploys() ? "The Live Map was deployed." : "The Live Map was not deployed.")
                + (auditFailed ? "\n\nThe audit record could not be written; the details are in the bot's log." : "");
        return fitted((cap, maxFields) -> {
            EmbedBuilder embed = new EmbedBuilder().setColor(Replies.SUCCESS).setTitle("Rolled back")
                    .setDescription(description);
            addChanges(embed, plan.changes(), cap, maxFields);
            return embed;
        });
    }

    private static void addChanges(EmbedBuilder embed, List<RollbackBuilder.Change> changes, int cap,
                                   int maxFields) {
        int shown = Math.min(changes.size(), maxFields);
        for (RollbackBuilder.Change change : changes.subList(0, shown)) {
            String name = change.name().isBlank() ? "" : " " + change.name().strip();
            String heading = "#" + change.serverId() + name + " — " + switch (change.kind()) {
                case FIELDS_REVERTED -> "fields put back";
                case READDED -> "re-added at position " + (change.index() + 1);
                case REMOVED -> "removed";
            };
            String value = switch (change.kind()) {
                case FIELDS_REVERTED -> EmbedText.value(String.join("\n",
                        change.fields().stream().map(f -> changeLine(f, cap)).toList()));
                case READDED -> "Back with every field as it was.";
                case REMOVED -> "This server was added by the change being rolled back; it is deleted from the CAD.";
            };
            embed.addField(EmbedText.literal(heading, EmbedText.FIELD_NAME), value, false);
        }
        if (changes.size() > shown) {
            embed.addField("…", "and " + (changes.size() - shown) + " more server(s)", false);
        }
    }

    private static String deployLine(DeployDecision deploy) {
        return switch (deploy.reason()) {
            case DEPLOY -> "Will be deployed with this rollback (it changes what the Live Map shows).";
            case NOT_NEEDED, DECLINED -> "Will not be deployed: none of these changes needs it.";
            case NO_DEPLOY_ROLE -> "Will not be deployed, although it would be: deploying needs a deploy role. "
                    + deploy.detail();
            case NOT_NOW -> "Would be deployed, but not right now. " + deploy.detail();
        };
    }

    // ---- shared ------------------------------------------------------------------------------

    /** One field change, {@code Label: old → new}, cut by {@link HistoryText#change} and escaped. */
    static String changeLine(FieldDelta delta, int cap) {
        return EmbedText.escape(HistoryText.change(delta, cap));
    }

    static String timestamp(Instant at, String style) {
        return "<t:" + at.getEpochSecond() + ":" + style + ">";
    }

    private static String minutes(Duration interval) {
        long m = Math.max(1, interval.toMinutes());
        return m == 1 ? "a minute" : m + " minutes";
    }

    /**
     * The first build that fits Discord's total limit: from the most generous value cap down, then,
     * at the smallest cap, with fewer server fields (each build counts the ones it leaves out).
     */
    private static MessageEmbed fitted(BiFunction<Integer, Integer, EmbedBuilder> build) {
        EmbedBuilder embed = null;
        for (int cap : VALUE_CAPS) {
            embed = build.apply(cap, MAX_SERVER_FIELDS);
            if (embed.length() <= EmbedText.MAX_TOTAL) {
                return embed.build();
            }
        }
        int smallest = VALUE_CAPS[VALUE_CAPS.length - 1];
        for (int fields = MAX_SERVER_FIELDS - 1; fields >= 1 && embed.length() > EmbedText.MAX_TOTAL; fields--) {
            embed = build.apply(smallest, fields);
        }
        return embed.build();
    }
}
