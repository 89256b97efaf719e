package livemapbot.history;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTextTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void sourcesAreThroughTheBotRollbackAndOutsideTheBot() {
        assertEquals("through the bot", HistoryText.sourceWords("bot"));
        assertEquals("rollback", HistoryText.sourceWords("rollback"));
        assertEquals("outside the bot", HistoryText.sourceWords("OUTSIDE"));
        assertThrows(IllegalArgumentException.class, () -> HistoryText.sourceWords("someone"));
    }

    @Test
    void relativeTimeUsesTheLargestWholeUnit() {
        assertEquals("just now", HistoryText.relativeTime(NOW.minusSeconds(59), NOW));
        assertEquals("just now", HistoryText.relativeTime(NOW.plusSeconds(5), NOW), "a clock a little ahead");
        assertEquals("1 min ago", HistoryText.relativeTime(NOW.minusSeconds(60), NOW));
        assertEquals("59 min ago", HistoryText.relativeTime(NOW.minus(Duration.ofMinutes(59).plusSeconds(59)), NOW));
        assertEquals("2 h ago", HistoryText.relativeTime(NOW.minus(Duration.ofMinutes(150)), NOW));
        assertEquals("23 h ago", HistoryText.relativeTime(NOW.minus(Duration.ofHours(23)), NOW));
        assertEquals("3 d ago", HistoryText.relativeTime(NOW.minus(Duration.ofDays(3).plusHours(5)), NOW));
    }

    /** The issue's example label, word for word. */
    @Test
    void theRevisionLabelReadsLikeTheIssuesExample() {
        assertEquals("#41 · Main City · mapIp, listenerPort · 2 h ago · outside the bot",
                HistoryText.revisionLabel(41, "Main City", List.of("mapIp", "listenerPort"),
                        NOW.minus(Duration.ofHours(2)), NOW, "outside"));
    }

    @Test
    void emptyPartsAreLeftOut() {
        assertEquals("#7 · added · just now · through the bot",
                HistoryText.revisionLabel(7, " ", List.of("added"), NOW, NOW, "bot"));
        assertEquals("#7 · Sandy · just now · rollback",
                HistoryText.revisionLabel(7, "Sandy", List.of(), NOW, NOW, "rollback"));
    }

    /** "within 100 characters, code-point safe": number, time and source stay whole. */
    @Test
    void aLongLabelIsCutToOneHundredCharsKeepingNumberTimeAndSource() {
        String name = "Los Santos Roleplay Community Main City Server With A Very Long Name Indeed 🚓🚓🚓";
        List<String> fields = List.of("mapIp", "listenerPort", "outboundIp", "differingOutbound", "description",
                "mapUrl", "enableMap", "mapType", "customField");
        String label = HistoryText.revisionLabel(123456, name, fields, NOW.minus(Duration.ofDays(12)), NOW, "outside");

        assertTrue(label.length() <= 100, label.length() + ": " + label);
        assertTrue(label.startsWith("#123456 · Los Santos"), label);
        assertTrue(label.endsWith(" · 12 d ago · outside the bot"), label);
        assertTrue(label.contains("mapIp, listenerPort"), label);
        assertTrue(label.contains("…"), label);
        assertNoLoneSurrogate(label);
    }

    @Test
    void aLabelOfEmojiIsNeverCutInsideOne() {
        String name = "🚓".repeat(60);
        for (int extra = 0; extra < 4; extra++) {
            String label = HistoryText.revisionLabel(1, name + "a".repeat(extra), List.of("name"), NOW, NOW, "bot");
            assertTrue(label.length() <= 100, label);
            assertNoLoneSurrogate(label);
        }
    }

    @Test
    void aShortNameLeavesTheFieldsTheRoom() {
        List<String> fields = List.of("a".repeat(40), "b".repeat(40), "c".repeat(40));
        String label = HistoryText.revisionLabel(1, "X", fields, NOW, NOW, "bot");
        assertEquals(100, label.length());
        assertTrue(label.startsWith("#1 · X · aaaa"), label);
    }

    @Test
    void aFieldChangeReadsOldToNewWithLongValuesShortened() {
        FieldDelta ip = FieldDelta.of("mapIp", Entries.json("\"198.51.100.1\""), Entries.json("\"203.0.113.7\""));
        assertEquals("Game server IP: 198.51.100.1 → 203.0.113.7", HistoryText.change(ip, 50));

        FieldDelta url = FieldDelta.of("mapUrl", null, Entries.json("\"https://example.com/" + "x".repeat(100) + "\""));
        String text = HistoryText.change(url, 30);
        assertEquals("Map URL: (empty) → https://example.com/xxxxxxxxx…", text);
    }

    private static void assertNoLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "lone high surrogate in " + s);
                i++;
            } else {
                assertFalse(Character.isLowSurrogate(c), "lone low surrogate in " + s);
            }
        }
    }
}
