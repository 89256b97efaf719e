package livemapbot.discord;

import livemapbot.text.Text;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.List;

/**
 * Discord's embed limits and the one way this bot fits text into them: cut with an ellipsis,
 * never fail. JDA throws on an over-long field, so everything user- or CAD-supplied goes through
 * here before it reaches an {@code EmbedBuilder}.
 */
public final class EmbedText {
    public static final int TITLE = MessageEmbed.TITLE_MAX_LENGTH;            // 256
    public static final int FIELD_NAME = MessageEmbed.TITLE_MAX_LENGTH;       // 256
    public static final int FIELD_VALUE = MessageEmbed.VALUE_MAX_LENGTH;      // 1024
    public static final int DESCRIPTION = MessageEmbed.DESCRIPTION_MAX_LENGTH; // 4096
    public static final int FOOTER = MessageEmbed.TEXT_MAX_LENGTH;            // 2048
    public static final int MAX_FIELDS = 25;
    public static final int MAX_EMBEDS_PER_MESSAGE = 10;
    /** Across all embeds of one message. */
    public static final int MAX_TOTAL = MessageEmbed.EMBED_MAX_LENGTH_BOT;    // 6000

    private EmbedText() {
    }

    /** {@code text} cut to {@code max} characters by {@link Text#cut}; null → "". */
    public static String fit(String text, int max) {
        return Text.cut(text, max);
    }

    /** A field value: never empty (Discord rejects empty values), at most 1024 characters. */
    public static String value(String text) {
        return text == null || text.isBlank() ? "—" : fit(text, FIELD_VALUE);
    }

    /** Inline code without letting the text close the code span. */
    public static String code(String text) {
        if (text == null || text.isEmpty()) {
            return "—";
        }
        return "`" + text.replace("`", "ˋ") + "`";
    }

    /** Characters Discord counts towards the 6000 limit for these embeds. */
    public static int length(List<MessageEmbed> embeds) {
        return embeds.stream().mapToInt(MessageEmbed::getLength).sum();
    }
}
