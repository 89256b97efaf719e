package livemapbot.discord;

import livemapbot.text.Text;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final String INLINE_MARKUP = "\\*_~|`[]<>";
    private static final String LINE_START_MARKUP = "#-+";
    private static final char ZERO_WIDTH_SPACE = '\u200B';
    private static final Pattern MASS_MENTION =
            Pattern.compile("(everyone|here)\\b");
    private static final Pattern MASS_MENTION_ANYWHERE =
            Pattern.compile("@(everyone|here)\\b");
    /** An http(s) URL made only of characters that carry no markdown (no brackets, angle brackets, backticks, pipes, backslashes, spaces). */
    private static final Pattern PLAIN_URL =
            Pattern.compile("(?i)https?://[A-Za-z0-9\\-._~:/?#@!$&'*+,;=%]+");

    /** A bare URL inside text: no brackets, angle brackets, backticks, pipes, backslashes or {@code @}. */
    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)https?://[A-Za-z0-9\\-._~:/?#!$&'*+,;=%]+");

    private EmbedText() {
    }

    /**
     * {@code text} cut to {@code max} characters by {@link Text#cut}; null → "". A cut inside an
     * inline code span closes the span, so the rest of a cut value (CAD text shown as code, not
     * escaped) never becomes live markdown.
     */
    public static String fit(String text, int max) {
        String cut = Text.cut(text, max);
        if (cut.length() == (text == null ? 0 : text.length()) || !opensCodeSpan(cut) || max < 2) {
            return cut;
        }
        return Text.cut(text, max - 1) + "`";
    }

    /** Whether {@code text} has an odd number of unescaped backticks (a code span left open). */
    private static boolean opensCodeSpan(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '`') {
                count++;
            }
        }
        return count % 2 == 1;
    }

    /**
     * {@code text} (from the CAD, a note, a member's name) made to show literally in an embed or a
     * message: the one escaping routine of the bot. Neutralises what Discord's markdown would act
     * on: bold/italic/underline/strike/spoiler/code ({@code * _ ~ | `}), masked links
     * ({@code [x](url)}), mentions, channels, emoji and timestamps ({@code <…>}), block quotes
     * ({@code >}), and at the start of a line headings ({@code #}), subtext ({@code -#}) and
     * lists ({@code -}, {@code +}, {@code 1.}); {@code @everyone}/{@code @here} get a zero-width
     * space after the {@code @}. JDA's {@code MarkdownSanitizer} does none of the line-start or
     * link cases (it leaves {@code # Big}, {@code -# x}, {@code - x} and {@code [x](url)} as they
     * are), hence this routine. Null → "".
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(c);
                lineStart = true;
                continue;
            }
            if (lineStart && (c == ' ' || c == '\t')) {
                out.append(c); // indentation does not stop a list or heading
                continue;
            }
            Matcher url = (c == 'h' || c == 'H') ? URL_IN_TEXT.matcher(text).region(i, text.length()) : null;
            if (url != null && url.lookingAt()) {
                // Discord links a bare URL before it reads any markup in it, so a backslash added
                // inside would end up in the link; its characters carry no mention or masked link.
                out.append(url.group());
                i = url.end() - 1;
            } else if (INLINE_MARKUP.indexOf(c) >= 0 || lineStart && LINE_START_MARKUP.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (lineStart && Character.isDigit(c)) {
                // "1. item" / "1) item" is a numbered list: escape the dot or parenthesis after the digits.
                int end = i;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                out.append(text, i, end);
                if (end < text.length() && (text.charAt(end) == '.' || text.charAt(end) == ')')) {
                    out.append('\\');
                }
                i = end - 1;
            } else if (c == '@' && MASS_MENTION.matcher(text).region(i + 1, text.length()).lookingAt()) {
                out.append(c).append(ZERO_WIDTH_SPACE);
            } else {
                out.append(c);
            }
            lineStart = false;
        }
        return out.toString();
    }

    /** {@link #escape escaped}, then {@link #fit cut} to {@code max}. */
    public static String literal(String text, int max) {
        return fit(escape(text), max);
    }

    /** A field value showing {@code text} literally ({@link #escape}d): never empty, at most 1024 characters. */
    public static String literalValue(String text) {
        return value(escape(text));
    }

    /**
     * A URL from the CAD as a field value: a plain http(s) URL as is, so Discord links it, and
     * anything else (markdown, a masked link, spaces) as inline code, shown but never acted on.
     */
    public static String url(String text) {
        if (text != null && text.length() <= FIELD_VALUE && PLAIN_URL.matcher(text).matches()
                && !MASS_MENTION_ANYWHERE.matcher(text).find()) {
            return text;
        }
        return code(fit(text, FIELD_VALUE - 2));
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
