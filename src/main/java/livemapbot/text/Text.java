package livemapbot.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way this bot shortens text, wherever it does (embeds, autocomplete labels, log and
 * validation quotes): cut at a grapheme-cluster boundary, so no emoji, flag, skin-tone or
 * accented letter is split and no lone surrogate is ever produced, and end with an ellipsis when
 * something was cut. Lengths are UTF-16 chars, the unit JDA and Discord's limits are checked in.
 * No JDA type here: every layer may use it.
 */
public final class Text {
    public static final String ELLIPSIS = "…";
    /** One extended grapheme cluster (what a reader sees as one character). */
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private Text() {
    }

    /**
     * {@code text} when it has at most {@code max} chars; otherwise its longest prefix of whole
     * grapheme clusters that leaves room for "…", followed by "…". Null is "".
     *
     * @throws IllegalArgumentException when {@code max} is below 1 (no room for the ellipsis)
     */
    public static String cut(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int room = max - ELLIPSIS.length();
        int end = 0;
        Matcher grapheme = GRAPHEME.matcher(text);
        while (grapheme.find() && grapheme.end() <= room) {
            end = grapheme.end();
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
