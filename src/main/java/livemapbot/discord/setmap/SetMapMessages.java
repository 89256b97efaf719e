package livemapbot.discord.setmap;

import livemapbot.cad.CadException;
import livemapbot.cad.WriteOutcomeUnknownException;
import livemapbot.cad.ConflictException;
import livemapbot.cad.FieldChange;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.cad.ServerMerge;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Every message {@code /setmap} shows. Values from staff and from the CAD can be long (a 1000
 * character description on both sides of a change, a URL of any length), so change lists are
 * built with a per-value cap that shrinks until the embed fits Discord's 6000 characters:
 * text is cut, a message is never refused.
 */
public final class SetMapMessages {
    public static final String EXPIRED = "This preview has expired, run /setmap again.";
    public static final String CANCELLED = "No changes made";
    public static final String OVERRIDE_WARNING = "The SonoranCAD FiveM resource rewrites the game server IP, "
            + "listener port and outbound settings at every game-server start, so these changes will be "
            + "overwritten unless the resource's config.json sets `\"disableOverride\": true`.";
    static final String AUDIT_FAILED = "The audit record of this change could not be written; "
            + "tell the bot's operator (details are in the bot's log).";
    static final String KEPT_MEANWHILE = "Also changed meanwhile (kept): ";
    static final String DEPLOYER_CAN_PUBLISH = "A deployer can run /deploymap to publish it.";
    /** Most changed-meanwhile fields listed before "…and N more". */
    static final int MAX_LISTED_CHANGES = 20;
    /** Longest server name in the preview header, as in the autocomplete choices. */
    private static final int HEADER_NAME = 100;
    private static final int[] VALUE_CAPS = {480, 240, 120, 60, 30};
    private static final String ARROW = " → ";

    private SetMapMessages() {
    }

    /** Every validation problem in one list. */
    public static MessageEmbed problems(List<String> problems) {
        String list = problems.stream().map(p -> "• " + p).collect(Collectors.joining("\n"));
        return Replies.error("Nothing changed: fix these first", EmbedText.fit(list, EmbedText.DESCRIPTION));
    }

    public static MessageEmbed noOp(int serverId, boolean deployRequested) {
        String text = "Server #" + serverId + " already has these settings; nothing to change.";
        if (deployRequested) {
            text += " To redeploy the Live Map as it is, use /deploymap.";
        }
        return new EmbedBuilder().setColor(Replies.NEUTRAL).setDescription(text).build();
    }

    /** The preview: each change old → new, the deploy decision, and the override warning when it applies. */
    public static MessageEmbed preview(SetMapPlan plan, Instant expiresAt) {
        ServerEntry server = plan.before();
        String name = server.name().strip();
        // The server name is CAD text: escaped, so it cannot link, mention or break out of the bold.
        String description = "**#" + server.id() + (name.isEmpty() ? "" : " " + EmbedText.literal(name, HEADER_NAME))
                + "**\n"
                + "Press **Confirm** to write this to the CAD, or **Cancel**. "
                + "This preview expires <t:" + expiresAt.getEpochSecond() + ":R>.";
        boolean warn = plan.touchesGameServerFields();
        return fitted(cap -> {
            EmbedBuilder embed = new EmbedBuilder()
                    .setColor(warn ? Replies.WARNING : Replies.NEUTRAL)
                    .setTitle(EmbedText.fit("Change server #" + server.id() + "?", EmbedText.TITLE))
                    .setDescription(description);
            addChanges(embed, plan.diff(), cap);
            embed.addField("Live Map", EmbedText.value(deployLine(plan)), false);
            if (warn) {
                embed.addField("⚠️ Overwritten by the game server", OVERRIDE_WARNING, false);
            }
            return embed;
        });
    }

    /** The write went through; {@code deploy} is what happened to the Live Map with it. */
    public static MessageEmbed success(Preview preview, DeployDecision deploy, boolean auditFailed) {
        return success(preview, deploy, List.of(), false, auditFailed);
    }

    /**
     * The write went through on top of {@code keptMeanwhile}, what someone else changed in other
     * fields after the preview ({@code byTheBot}: through the bot rather than outside it).
     */
    public static MessageEmbed success(Preview preview, DeployDecision deploy, List<FieldChange> keptMeanwhile,
                                       boolean byTheBot, boolean auditFailed) {
        String description = switch (deploy.reason()) {
            case DEPLOY -> "Saved and the Live Map was deployed.";
            case NOT_NEEDED, DECLINED -> "Saved. The Live Map was not deployed; run /deploymap when you want it published.";
            case NO_DEPLOY_ROLE -> "Saved, but the Live Map was not deployed: deploying needs a deploy role. "
                    + DEPLOYER_CAN_PUBLISH;
            case NOT_NOW -> "Saved, but the Live Map was not deployed. " + deploy.detail()
                    + " Run /deploymap then to publish it.";
        };
        if (!keptMeanwhile.isEmpty()) {
            description += "\n" + keptMeanwhile(keptMeanwhile, byTheBot);
        }
        String text = auditFailed ? description + "\n\n" + AUDIT_FAILED : description;
        return fitted(cap -> {
            EmbedBuilder embed = new EmbedBuilder()
                    .setColor(Replies.SUCCESS)
                    .setTitle("Server #" + preview.serverId() + " updated")
                    .setDescription(EmbedText.fit(text, EmbedText.DESCRIPTION));
            addChanges(embed, preview.diff(), cap);
            return embed;
        });
    }

    /** "Also changed meanwhile (kept): description, map type by someone outside the bot". */
    static String keptMeanwhile(List<FieldChange> kept, boolean byTheBot) {
        String fields = kept.stream().limit(MAX_LISTED_CHANGES)
                .map(c -> EmbedText.literal(c.label().toLowerCase(java.util.Locale.ROOT), 100))
                .collect(Collectors.joining(", "));
        if (kept.size() > MAX_LISTED_CHANGES) {
            fields += " and " + (kept.size() - MAX_LISTED_CHANGES) + " more";
        }
        return KEPT_MEANWHILE + fields + (byTheBot ? " by another edit through the bot" : " by someone outside the bot");
    }

    /**
     * Nothing written: a field the member changes was changed meanwhile (each listed with the value
     * now and the member's), or the server is gone.
     */
    public static MessageEmbed conflict(ConflictException conflict, boolean auditFailed) {
        List<ServerMerge.Collision> collisions = conflict.collisions();
        String text = conflict.userMessage() + (auditFailed ? "\n\n" + AUDIT_FAILED : "");
        String title = conflict.serverGone()
                ? "Nothing written: server #" + conflict.seen().id() + " is gone"
                : "Nothing written: server #" + conflict.seen().id() + " changed meanwhile";
        return fitted(cap -> {
            EmbedBuilder embed = new EmbedBuilder()
                    .setColor(Replies.ERROR)
                    .setTitle(title)
                    .setDescription(text);
            for (ServerMerge.Collision c : collisions) {
                embed.addField(c.field().label(), EmbedText.value("now " + EmbedText.code(EmbedText.fit(c.theirs(), cap))
                        + " (changed meanwhile; you saw " + EmbedText.code(EmbedText.fit(c.seen(), cap))
                        + "), yours " + EmbedText.code(EmbedText.fit(c.yours(), cap))), false);
            }
            return embed;
        });
    }

    /** The CAD call failed; what happened and what to do, never the log detail. */
    public static MessageEmbed failed(CadException error, boolean auditFailed) {
        String text = error.userMessage() + "\nRun /servers to see the current settings before trying again."
                + (auditFailed ? "\n\n" + AUDIT_FAILED : "");
        String title = error instanceof WriteOutcomeUnknownException
                ? "Result unknown: the change may have been made" : "The change was not made";
        return Replies.error(title, EmbedText.fit(text, EmbedText.DESCRIPTION));
    }

    public static MessageEmbed internalError() {
        return Replies.error("Something went wrong", Replies.INTERNAL_ERROR
                + " Run /servers to check the current settings before trying again.");
    }

    public static MessageEmbed cancelled() {
        return new EmbedBuilder().setColor(Replies.NEUTRAL).setDescription(CANCELLED).build();
    }

    public static MessageEmbed expired() {
        return new EmbedBuilder().setColor(Replies.NEUTRAL).setDescription(EXPIRED).build();
    }

    public static String onlyInvoker(long invokerId, String action) {
        return "Only <@" + invokerId + "> can " + action + " this change.";
    }

    /** {@code `old` → `new`}, each side cut to {@code cap} characters. */
    static String changeValue(FieldChange change, int cap) {
        return EmbedText.value(EmbedText.code(EmbedText.fit(change.before(), cap)) + ARROW
                + EmbedText.code(EmbedText.fit(change.after(), cap)));
    }

    private static void addChanges(EmbedBuilder embed, List<FieldChange> changes, int cap) {
        for (FieldChange change : changes) {
            // Labels of unknown CAD fields are JSON keys of any length; 100 keeps 20 of them well inside 6000.
            embed.addField(EmbedText.literal(change.label(), 100), changeValue(change, cap), false);
        }
    }

    private static String deployLine(SetMapPlan plan) {
        DeployDecision deploy = plan.deploy();
        String why = plan.deployRequested() ? "you asked for it" : deployReason(plan) + " changes";
        return switch (deploy.reason()) {
            case DEPLOY -> "Will be deployed with this change (" + why + ").";
            case DECLINED -> "Will not be deployed (you asked for that); run /deploymap later to publish.";
            case NOT_NEEDED -> "Will not be deployed: none of these changes needs it.";
            case NO_DEPLOY_ROLE -> "Will not be deployed, although it would be (" + why + "): deploying needs a "
                    + "deploy role. " + deploy.detail() + " Once this is saved, a deployer can run /deploymap "
                    + "to publish it.";
            case NOT_NOW -> "Would be deployed (" + why + "), but not right now. " + deploy.detail()
                    + " If that still holds when you confirm, the change is saved without a deploy.";
        };
    }

    private static String deployReason(SetMapPlan plan) {
        return plan.changedFields().stream().filter(ServerField::needsDeploy)
                .map(f -> f.label().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
    }

    /** The first build, from the most generous cap down, that fits Discord's total limit. */
    private static MessageEmbed fitted(IntFunction<EmbedBuilder> build) {
        EmbedBuilder embed = null;
        for (int cap : VALUE_CAPS) {
            embed = build.apply(cap);
            if (embed.length() <= EmbedText.MAX_TOTAL) {
                break;
            }
        }
        return embed.build();
    }
}
