package livemapbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.ServerEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 8: check's table measures display width, so CJK and emoji names keep the columns in line. */
class ServerTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerEntry server(int id, String name, boolean enableMap) throws Exception {
        return ServerEntry.fromJson(JSON.createObjectNode().put("id", id).put("name", name)
                .put("enableMap", enableMap).put("mapType", "NORMAL").put("mapIp", "203.0.113.7")
                .put("listenerPort", "3232"));
    }

    @Test
    void displayWidthCountsWideCharactersTwiceAndZeroWidthOnesNot() {
        assertEquals(4, ServerTable.width("東京"));
        assertEquals(6, ServerTable.width("서울RP"));
        assertEquals(4, ServerTable.width("ＡＢ"), "fullwidth forms");
        assertEquals(2, ServerTable.width("🚓"), "an emoji is one character of two cells, not two chars");
        assertEquals(2, ServerTable.width("⚡"));
        assertEquals(2, ServerTable.width("👨\u200D👩\u200D👧"), "a ZWJ family is one emoji");
        assertEquals(2, ServerTable.width("👍🏽"), "a skin tone modifies, it takes no cell");
        assertEquals(1, ServerTable.width("e\u0301"), "a combining accent takes no cell");
        assertEquals(3, ServerTable.width("a\u200Bbc"), "a zero-width space takes no cell");
        assertEquals(4, ServerTable.width("Café"));
    }

    @Test
    void columnsLineUpByDisplayWidthWithCjkAndEmojiNames() throws Exception {
        String table = ServerTable.render(List.of(
                server(1, "Main Server", true),
                server(2, "東京ロールプレイ", false),
                server(3, "🚓 Police 🚒 Fire", true),
                server(4, "Cafe\u0301 Zürich", false),
                server(5, "👨\u200D👩\u200D👧 Family", true)));

        Pattern mapColumn = Pattern.compile("  (MAP|on|off)  ");
        List<Integer> starts = new ArrayList<>();
        for (String line : table.split("\n")) {
            Matcher m = mapColumn.matcher(line);
            assertTrue(m.find(), line);
            starts.add(ServerTable.width(line.substring(0, m.start())));
        }
        assertEquals(6, starts.size(), table);
        assertTrue(starts.stream().distinct().count() == 1, "the MAP column starts at one display column:\n" + table
                + "\n" + starts);
    }

    @Test
    void aLongWideNameIsCutByDisplayWidthWithoutSplittingAnEmoji() throws Exception {
        String table = ServerTable.render(List.of(server(1, "東".repeat(30), true), server(2, "🚓".repeat(30), true)));

        String[] lines = table.split("\n");
        String tokyo = lines[1].substring(lines[1].indexOf('東'), lines[1].indexOf('…') + 1);
        String police = lines[2].substring(lines[2].indexOf('🚓'), lines[2].indexOf('…') + 1);
        assertTrue(ServerTable.width(tokyo) <= 40, tokyo);
        assertTrue(ServerTable.width(police) <= 40, police);
        assertTrue(police.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp)), "no half emoji: " + police);
    }
}
