package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import livemapbot.status.Check;
import livemapbot.status.ConfigHint;
import livemapbot.status.ProbeResult;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How CAD servers look in Discord: a compact card per server for the list, and a detail card that
 * shows every field of one server, unknown ones included. Pure rendering (no network, no JDA
 * connection); every CAD-supplied text goes through {@link EmbedText}: escaped (no name or
 * description can format, link, quote or mention) and cut so no value can make JDA throw. Whether a set of cards fits one message is {@link ServerPages}' job.
 */
public final class ServerEmbeds {
    /** A server whose Live Map is enabled. */
    public static final Color MAP_ENABLED = new Color(0x57F287);
    /** A server whose Live Map is disabled. */
    public static final Color MAP_DISABLED = new Color(0x99AAB5);
    public static final String FOOTER = "Read from Sonoran CAD";
    public static final String NOT_SET = "not set";
    /** No card is larger than what one page can carry, so every card can be shown on its own. */
    static final int CARD_BUDGET = ServerPages.PAGE_BUDGET;

    private ServerEmbeds() {
    }

    /** The field of a card and of the detail view that carries the status line. */
    public static final String LIVE_STATUS = "Live status";
    /** A server whose probe has not finished and that has no earlier result. */
    public static final String CHECKING = "⏳ Checking the game server…";
    /** A server whose probe failed inside the bot (a bug, a shutdown). */
    public static final String STATUS_UNKNOWN = "⚪ Status unknown: the check failed inside the bot (see its log)";
    /** Added to an older result while a new probe runs. */
    static final String CHECKING_AGAIN = " · checking again…";

    /** One card per server in the CAD's order, or a single "no servers" card for an empty list. */
    public static List<MessageEmbed> overview(ServerList list) {
        return overview(list, ServerStatuses.NONE);
    }

    /** {@link #overview(ServerList)} with each card's status line. */
    public static List<MessageEmbed> overview(ServerList list, ServerStatuses statuses) {
        if (list.servers().isEmpty()) {
            return List.of(empty(list.readAt()));
        }
        List<MessageEmbed> embeds = new ArrayList<>(list.servers().size());
        for (ServerEntry server : list.servers()) {
            embeds.add(summary(server, list.readAt(), statuses));
        }
        return embeds;
    }

    /** The compact card: map state, map type, game server, outbound IP when it differs, URL, description. */
    public static MessageEmbed summary(ServerEntry server, Instant readAt) {
        return summary(server, readAt, ServerStatuses.NONE);
    }

    /** {@link #summary(ServerEntry, Instant)} with the live status line first (when probing is on). */
    public static MessageEmbed summary(ServerEntry server, Instant readAt, ServerStatuses statuses) {
        EmbedBuilder embed = base(server, readAt);
        statusLine(server.id(), statuses).ifPresent(line -> embed.addField(LIVE_STATUS, line, false));
        embed.addField("Map enabled", yesNo(server.enableMap()), true);
        embed.addField("Map type", orNotSet(server.mapType()), true);
        embed.addField("Game server", gameServer(server.mapIp(), server.listenerPort()), true);
        if (server.differingOutbound()) {
            embed.addField("Outbound IP", codeOrNotSet(server.outboundIp()), true);
        }
        if (!server.mapUrl().isBlank()) {
            embed.addField("Map URL", EmbedText.url(server.mapUrl()), false);
        }
        if (!server.description().isBlank()) {
            embed.addField("Description", EmbedText.literalValue(server.description()), false);
        }
        return EmbedShrinker.build(embed, CARD_BUDGET);
    }

    /**
     * Every field of one server: the documented ones (including the undocumented-but-served
     * {@code signal} and {@code isStatic}, and the legacy {@code mapPort} when the entry has it)
     * and then each unknown field as compact JSON, so staff see exactly what a write will keep.
     */
    public static MessageEmbed detail(ServerEntry server, Instant readAt) {
        return detail(server, readAt, ServerStatuses.NONE);
    }

    /**
     * {@link #detail(ServerEntry, Instant)} with the live status: the status line, each of the
     * probe's three checks with what it tells and the next step when it failed, and the hints.
     */
    public static MessageEmbed detail(ServerEntry server, Instant readAt, ServerStatuses statuses) {
        EmbedBuilder embed = base(server, readAt);
        if (!server.description().isBlank()) {
            embed.setDescription(EmbedText.literal(server.description(), EmbedText.DESCRIPTION));
        }
        List<MessageEmbed.Field> fields = new ArrayList<>();
        if (!title(server).equals(fullTitle(server))) {
            // The title had to be cut; the name is shown whole (up to a field's limit) here.
            fields.add(new MessageEmbed.Field("Name", EmbedText.literalValue(server.name()), false));
        }
        fields.add(new MessageEmbed.Field("Map enabled", yesNo(server.enableMap()), true));
        fields.add(new MessageEmbed.Field("Map type", orNotSet(server.mapType()), true));
        fields.add(new MessageEmbed.Field("Map URL", server.mapUrl().isBlank() ? NOT_SET
                : EmbedText.url(server.mapUrl()), false));
        fields.add(new MessageEmbed.Field("Game server IP", codeOrNotSet(server.mapIp()), true));
        fields.add(new MessageEmbed.Field("Listener port", codeOrNotSet(server.listenerPort()), true));
        if (server.has("mapPort")) {
            fields.add(new MessageEmbed.Field("Map port (legacy)", codeOrNotSet(server.mapPort()), true));
        }
        fields.add(new MessageEmbed.Field("Differing outbound", yesNo(server.differingOutbound()), true));
        fields.add(new MessageEmbed.Field("Outbound IP", codeOrNotSet(server.outboundIp()), true));
        fields.add(new MessageEmbed.Field("Signal", server.signal() == null ? "none"
                : codeOrNotSet(server.signal()), true));
        Boolean isStatic = server.isStatic();
        fields.add(new MessageEmbed.Field("Static", isStatic == null ? NOT_SET : yesNo(isStatic), true));
        fields.addAll(statusFields(server.id(), statuses));

        Map<String, JsonNode> unknown = server.unknownFields();
        int shown = 0;
        for (Map.Entry<String, JsonNode> field : unknown.entrySet()) {
            // Keep the last slot for "N more" when they do not all fit.
            boolean lastSlot = fields.size() == EmbedText.MAX_FIELDS - 1;
            if (lastSlot && unknown.size() - shown > 1) {
                break;
            }
            fields.add(new MessageEmbed.Field(EmbedText.literal(field.getKey(), EmbedText.FIELD_NAME),
                    codeBlock(field.getValue().toString()), true));
            shown++;
        }
        if (shown < unknown.size()) {
            fields.add(new MessageEmbed.Field("More fields",
                    (unknown.size() - shown) + " more field(s) not shown; they are kept unchanged on every write.",
                    false));
        }
        fields.forEach(embed::addField);
        return EmbedShrinker.build(embed, CARD_BUDGET);
    }

    /**
     * The status line of a card, e.g. "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK ·
     * checked 20 s ago", {@link EmbedText#escape escaped} (the version and players come from the
     * game server) and cut to a field value; empty when probing is off.
     */
    static Optional<String> statusLine(int serverId, ServerStatuses statuses) {
        if (!statuses.shown()) {
            return Optional.empty();
        }
        Optional<ProbeResult> result = statuses.result(serverId);
        if (result.isEmpty()) {
            return Optional.of(statuses.isPending(serverId) ? CHECKING : STATUS_UNKNOWN);
        }
        String again = statuses.isPending(serverId) ? CHECKING_AGAIN : "";
        return Optional.of(EmbedText.fit(statusLine(result.get(), statuses.now()) + again, EmbedText.FIELD_VALUE));
    }

    /** One result's status line, escaped; the status watch's announcement shows the same line. */
    public static String statusLine(ProbeResult result, Instant now) {
        return EmbedText.fit(EmbedText.escape(result.statusLine(now)), EmbedText.FIELD_VALUE);
    }

    /** The verdict with its emoji and summary but no age, escaped, e.g. "🔴 Unreachable from the bot (timed out)". */
    public static String verdictLine(ProbeResult result) {
        return EmbedText.fit(EmbedText.escape(result.verdict().emoji() + " " + result.summary()), EmbedText.FIELD_VALUE);
    }

    /** What each of the probe's three requests tells, for the detail view. */
    static String meaning(String check) {
        return switch (check) {
            case Check.GAME_SERVER -> "Whether the game server answers on mapIp:listenerPort from the bot's"
                    + " network, and how many players it has.";
            case Check.RESOURCE -> "Whether sonorancad is among the game server's started resources, and its"
                    + " version.";
            case Check.PUSH_PATH -> "Whether the path Sonoran pushes events to when its websocket is down"
                    + " answers as sonorancad does.";
            default -> "";
        };
    }

    /** The detail view's status: the line (with why and what to do when nothing was asked), the checks, the hints. */
    private static List<MessageEmbed.Field> statusFields(int serverId, ServerStatuses statuses) {
        Optional<String> line = statusLine(serverId, statuses);
        if (line.isEmpty()) {
            return List.of();
        }
        List<MessageEmbed.Field> fields = new ArrayList<>();
        Optional<ProbeResult> known = statuses.result(serverId);
        if (known.isEmpty()) {
            fields.add(new MessageEmbed.Field(LIVE_STATUS, line.get(), false));
            return fields;
        }
        ProbeResult result = known.get();
        StringBuilder status = new StringBuilder(line.get());
        if (!result.detail().isBlank()) {
            status.append("\n").append(EmbedText.escape(result.detail()));
        }
        if (result.checks().isEmpty() && result.reason() != null) {
            // Nothing was asked (not probed): the reason's advice is the only next step.
            status.append("\n**Next step:** ").append(EmbedText.escape(result.reason().nextStep()));
        }
        fields.add(new MessageEmbed.Field(LIVE_STATUS, EmbedText.value(status.toString()), false));
        if (result.game().hostname() != null && !result.game().hostname().isBlank()) {
            fields.add(new MessageEmbed.Field("Host name (from the game server)",
                    EmbedText.literalValue(result.game().hostname()), true));
        }
        if (result.game().fxServerBuild() != null && !result.game().fxServerBuild().isBlank()) {
            fields.add(new MessageEmbed.Field("FXServer build", EmbedText.literalValue(result.game().fxServerBuild()),
                    true));
        }
        for (Check check : result.checks()) {
            fields.add(new MessageEmbed.Field(checkIcon(check.state()) + " " + EmbedText.literal(check.name(),
                    EmbedText.FIELD_NAME - 3), checkValue(check), false));
        }
        if (!result.hints().isEmpty()) {
            StringBuilder hints = new StringBuilder();
            for (ConfigHint hint : result.hints()) {
                hints.append(hints.isEmpty() ? "" : "\n").append("• ").append(EmbedText.escape(hint.text()));
            }
            fields.add(new MessageEmbed.Field("Hints", EmbedText.value(hints.toString()), false));
        }
        return fields;
    }

    private static String checkIcon(Check.State state) {
        return switch (state) {
            case OK -> "✅";
            case FAILED -> "❌";
            case BLOCKED -> "🚫";
            case NOT_RUN -> "➖";
        };
    }

    /** What the check tells, what was seen, and the next step when it failed. */
    private static String checkValue(Check check) {
        StringBuilder value = new StringBuilder();
        String meaning = meaning(check.name());
        if (!meaning.isEmpty()) {
            value.append("*").append(meaning).append("*\n");
        }
        value.append("**Seen:** ").append(EmbedText.escape(check.observed()));
        if (!check.nextStep().isBlank()) {
            value.append("\n**Next step:** ").append(EmbedText.escape(check.nextStep()));
        }
        return EmbedText.value(value.toString());
    }

    /** The card shown instead of an empty list. */
    public static MessageEmbed empty(Instant readAt) {
        return new EmbedBuilder()
                .setColor(Replies.NEUTRAL)
                .setTitle("No servers are configured in the CAD")
                .setDescription("Add a server in the CAD's admin panel, then run /servers again.")
                .setFooter(FOOTER)
                .setTimestamp(readAt)
                .build();
    }

    /** "#1 Main Server" with the name {@link EmbedText#escape escaped}, cut to a title's 256 characters. */
    public static String title(ServerEntry server) {
        return EmbedText.fit(fullTitle(server), EmbedText.TITLE);
    }

    private static String fullTitle(ServerEntry server) {
        String name = server.name().strip();
        return "#" + server.id() + (name.isEmpty() ? "" : " " + EmbedText.escape(name));
    }

    private static EmbedBuilder base(ServerEntry server, Instant readAt) {
        return new EmbedBuilder()
                .setTitle(title(server))
                .setColor(server.enableMap() ? MAP_ENABLED : MAP_DISABLED)
                .setFooter(FOOTER)
                .setTimestamp(readAt);
    }

    /** {@code ip:port} with whichever part is missing said in words. */
    static String gameServer(String ip, String port) {
        boolean hasIp = ip != null && !ip.isBlank();
        boolean hasPort = port != null && !port.isBlank();
        if (hasIp && hasPort) {
            return codeBlock(ip.strip() + ":" + port.strip());
        }
        if (hasIp) {
            return codeBlock(ip.strip()) + " (port " + NOT_SET + ")";
        }
        if (hasPort) {
            return "IP " + NOT_SET + ", port " + codeBlock(port.strip());
        }
        return NOT_SET;
    }

    private static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }

    private static String orNotSet(String text) {
        return text == null || text.isBlank() ? NOT_SET : EmbedText.literalValue(text);
    }

    private static String codeOrNotSet(String text) {
        return text == null || text.isBlank() ? NOT_SET : codeBlock(text);
    }

    /** Inline code whose closing backtick survives the cut to a field value's limit. */
    private static String codeBlock(String text) {
        // Two characters kept back for the backticks; code() replaces a backtick one for one.
        return EmbedText.code(EmbedText.fit(text, EmbedText.FIELD_VALUE - 2));
    }
}
