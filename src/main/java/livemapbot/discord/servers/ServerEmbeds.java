package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** One card per server in the CAD's order, or a single "no servers" card for an empty list. */
    public static List<MessageEmbed> overview(ServerList list) {
        if (list.servers().isEmpty()) {
            return List.of(empty(list.readAt()));
        }
        List<MessageEmbed> embeds = new ArrayList<>(list.servers().size());
        for (ServerEntry server : list.servers()) {
            embeds.add(summary(server, list.readAt()));
        }
        return embeds;
    }

    /** The compact card: map state, map type, game server, outbound IP when it differs, URL, description. */
    public static MessageEmbed summary(ServerEntry server, Instant readAt) {
        EmbedBuilder embed = base(server, readAt);
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
    static String title(ServerEntry server) {
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
