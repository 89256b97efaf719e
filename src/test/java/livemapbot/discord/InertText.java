package livemapbot.discord;

import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Checks that text shown in Discord cannot act: no mass mention, user/role mention or timestamp,
 * no masked link, no heading, subtext, quote or list. Code spans are inert by themselves and
 * skipped.
 */
public final class InertText {
    /** The CAD server name of issue 8. */
    public static final String EVIL_NAME = "@everyone [click](https://evil) # Big";
    /** Multi-line CAD text with every line-start construct. */
    public static final String EVIL_LINES = EVIL_NAME + "\n# Big\n-# tiny\n> quoted\n- item\n1. first\n<@1> <t:1:R> *i* __u__ ||s||";

    private static final Pattern CODE_SPAN = Pattern.compile("(?<!\\\\)`[^`]*`");
    private static final Pattern MASS_MENTION = Pattern.compile("@(everyone|here)");
    private static final Pattern UNESCAPED = Pattern.compile("(?<!\\\\)[\\[<*_~|]");
    private static final Pattern LINE_MARKUP = Pattern.compile("(?m)^[ \\t]*(#{1,3} |-# |>|[-+*] |\\d+[.)] )");

    private InertText() {
    }

    public static void assertInert(String where, String shown) {
        if (shown == null) {
            return;
        }
        String text = CODE_SPAN.matcher(shown).replaceAll("");
        assertFalse(MASS_MENTION.matcher(text).find(), where + " has a live mass mention: " + shown);
        assertFalse(UNESCAPED.matcher(text).find(), where + " has live markup ([ < * _ ~ |): " + shown);
        assertFalse(LINE_MARKUP.matcher(text).find(), where + " has a live heading, quote or list: " + shown);
    }

    /**
     * Title, description, every field name and value, footer and author; {@code botMarkup} are the
     * exact strings the bot itself writes there on purpose (its own bold, the invoker's mention, a
     * timestamp), removed before the check.
     */
    public static void assertInert(MessageEmbed embed, String... botMarkup) {
        check("title", embed.getTitle(), botMarkup);
        check("description", embed.getDescription(), botMarkup);
        for (MessageEmbed.Field field : embed.getFields()) {
            check("field name " + field.getName(), field.getName(), botMarkup);
            check("field " + field.getName(), field.getValue(), botMarkup);
        }
        if (embed.getFooter() != null) {
            check("footer", embed.getFooter().getText(), botMarkup);
        }
        if (embed.getAuthor() != null) {
            check("author", embed.getAuthor().getName(), botMarkup);
        }
    }

    private static void check(String where, String shown, String... botMarkup) {
        if (shown == null) {
            return;
        }
        String text = shown;
        for (String own : botMarkup) {
            text = text.replace(own, "");
        }
        assertInert(where + " (" + shown + ")", text);
    }
}
