package livemapbot.discord.deploy;

import livemapbot.cad.ServerEntry;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.time.Instant;
import java.util.List;

/**
 * The public "Live Map deployed" embed: who, when, the note, and each server's map state. Names,
 * map types and the note are {@link EmbedText#escape escaped}: the announcement is public, and no
 * CAD text or note may format, link or mention in it.
 */
public final class DeployAnnouncement {
    public static final String TITLE = "Live Map deployed";
    /** Longest server name shown; a longer one is cut so many servers still fit. */
    static final int MAX_NAME = 80;

    private DeployAnnouncement() {
    }

    /**
     * @param note the invoker's note, or null/blank for none (cut to {@value DeployMapCommand#MAX_NOTE})
     */
    public static MessageEmbed render(long memberId, String memberName, Instant at, String note,
                                      List<ServerEntry> servers) {
        EmbedBuilder embed = new EmbedBuilder()
                .setColor(Replies.SUCCESS)
                .setTitle(TITLE)
                .addField("By", EmbedText.value("<@" + Long.toUnsignedString(memberId) + "> ("
                        + EmbedText.literal(memberName, 100) + ")"), true)
                .addField("When", "<t:" + at.getEpochSecond() + ":F>", true)
                .setTimestamp(at);
        if (note != null && !note.isBlank()) {
            embed.addField("Note", EmbedText.literalValue(EmbedText.fit(note.strip(), DeployMapCommand.MAX_NOTE)), false);
        }
        // The server list goes in the description (4096 characters, the roomiest part of an embed),
        // bounded also by what is left of the 6000 characters a message may carry in all.
        int room = Math.min(EmbedText.DESCRIPTION, EmbedText.MAX_TOTAL - embed.length());
        embed.setDescription(serverLines(servers, room));
        return embed.build();
    }

    /** One line per server, "… and N more" when they do not all fit in {@code room} characters. */
    static String serverLines(List<ServerEntry> servers, int room) {
        if (servers.isEmpty()) {
            return "The CAD has no servers.";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            String line = line(servers.get(i));
            int remainingAfter = servers.size() - i - 1;
            String moreAfter = remainingAfter == 0 ? "" : "\n… and " + remainingAfter + " more";
            int separator = text.length() == 0 ? 0 : 1;
            if (text.length() + separator + line.length() + moreAfter.length() > room) {
                if (separator == 1) {
                    text.append('\n');
                }
                return text.append("… and ").append(servers.size() - i).append(" more").toString();
            }
            if (separator == 1) {
                text.append('\n');
            }
            text.append(line);
        }
        return text.toString();
    }

    /** "#1 Main Server — enabled, NORMAL". */
    static String line(ServerEntry server) {
        String name = server.name().isBlank() ? "(no name)" : EmbedText.literal(server.name().strip(), MAX_NAME);
        String type = server.mapType().isBlank() ? "no map type" : EmbedText.literal(server.mapType(), 40);
        return "#" + server.id() + " " + name + " — " + (server.enableMap() ? "enabled" : "disabled") + ", " + type;
    }
}
