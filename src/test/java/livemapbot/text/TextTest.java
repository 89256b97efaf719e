package livemapbot.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bot's one truncation routine: never splits what a reader sees as one character. */
class TextTest {
    @Test
    void shortTextIsKeptWholeAndNullIsEmpty() {
        assertEquals("abc", Text.cut("abc", 3));
        assertEquals("", Text.cut(null, 5));
    }

    @Test
    void aCutTextEndsInAnEllipsisWithinTheLimit() {
        String cut = Text.cut("abcdefgh", 5);
        assertEquals("abcd…", cut);
    }

    @Test
    void aCutNeverLeavesAnUnpairedSurrogate() {
        // "😀" is two chars; the limit falls between them.
        for (int max = 1; max <= 12; max++) {
            String cut = Text.cut("ab😀😀😀😀😀😀", max);
            assertTrue(cut.length() <= max, cut);
            assertFalse(hasLoneSurrogate(cut), max + ": " + cut);
        }
    }

    @Test
    void aCutNeverSplitsAGraphemeCluster() {
        String family = "👨‍👩‍👧"; // three emoji joined by zero-width joiners
        String flag = "🇫🇷";       // two regional indicators
        String thumb = "👍🏽";      // emoji + skin tone
        String accent = "e\u0301";   // e + combining acute
        for (String cluster : new String[]{family, flag, thumb, accent}) {
            String text = "x" + cluster + "y".repeat(10);
            for (int max = 2; max < 1 + cluster.length() + 1; max++) {
                String cut = Text.cut(text, max);
                assertEquals("x…", cut, "limit " + max + " must not keep part of " + cluster);
            }
            assertEquals("x" + cluster + "…", Text.cut(text, 1 + cluster.length() + 1));
        }
    }

    @Test
    void noLimitBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> Text.cut("abc", 0));
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
