package livemapbot;

import livemapbot.cad.ServerEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The servers as a plain-text table for the terminal ({@code check}). Columns are padded by
 * display width, not by {@code String.length()}: an East Asian wide or fullwidth character and an
 * emoji take two terminal cells, a combining mark or a zero-width character none, and a surrogate
 * pair is one character. Otherwise a CJK or emoji server name pushes its row out of line.
 */
final class ServerTable {
    private static final String[] HEADERS = {"ID", "NAME", "MAP", "TYPE", "GAME SERVER", "OUTBOUND", "MAP URL"};
    private static final int MAX_CELL = 40;
    private static final int MAX_PROBE_CELL = 100;

    private ServerTable() {
    }

    static String render(List<ServerEntry> servers) {
        return render(servers, Map.of());
    }

    /**
     * With a last PROBE column when {@code probes} (server id → what the live-status probe saw) is not
     * empty; that column is not shortened to {@link #MAX_CELL}.
     */
    static String render(List<ServerEntry> servers, Map<Integer, String> probes) {
        boolean probeColumn = !probes.isEmpty();
        List<String[]> rows = new ArrayList<>();
        rows.add(probeColumn ? withProbe(HEADERS, "PROBE") : HEADERS);
        for (ServerEntry s : servers) {
            String[] row = new String[]{
                    Integer.toString(s.id()),
                    s.name(),
                    s.enableMap() ? "on" : "off",
                    s.mapType(),
                    address(s),
                    s.differingOutbound() ? s.outboundIp() : "-",
                    s.mapUrl().isBlank() ? "-" : s.mapUrl()};
            rows.add(probeColumn ? withProbe(row, probes.getOrDefault(s.id(), "-")) : row);
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = cell(row[i], i == HEADERS.length ? MAX_PROBE_CELL : MAX_CELL);
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row[i], widths[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String address(ServerEntry s) {
        String ip = s.mapIp().isBlank() ? "?" : s.mapIp();
        String port = s.listenerPort().isBlank() ? "?" : s.listenerPort();
        return s.mapIp().isBlank() && s.listenerPort().isBlank() ? "-" : ip + ":" + port;
    }

    private static String[] withProbe(String[] row, String probe) {
        String[] longer = Arrays.copyOf(row, row.length + 1);
        longer[row.length] = probe;
        return longer;
    }

    private static String cell(String text, int max) {
        String flat = text == null || text.isBlank() ? "-" : text.replaceAll("\\s+", " ");
        if (width(flat) <= max) {
            return flat;
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        boolean afterJoiner = false;
        for (int i = 0; i < flat.length(); ) {
            int cp = flat.codePointAt(i);
            int w = afterJoiner ? 0 : width(cp);
            if (used + w > max - 1) {
                break;
            }
            cut.appendCodePoint(cp);
            used += w;
            afterJoiner = cp == ZERO_WIDTH_JOINER;
            i += Character.charCount(cp);
        }
        return cut + "…";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - width(text));
    }

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    /** Terminal cells {@code text} takes (see the class comment); an emoji ZWJ sequence counts as one emoji. */
    static int width(String text) {
        int total = 0;
        boolean afterJoiner = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            total += afterJoiner ? 0 : width(cp);
            afterJoiner = cp == ZERO_WIDTH_JOINER;
            i += Character.charCount(cp);
        }
        return total;
    }

    /** Cells of one code point: 0, 1 or 2 (wcwidth, with emoji presentation counted wide). */
    static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || type == Character.CONTROL || (cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
            return 0; // combining marks, variation selectors, ZWJ/ZWSP, Hangul jamo medials, skin tones
        }
        return wide(cp) ? 2 : 1;
    }

    private static boolean wide(int cp) {
        return cp >= 0x1100 && cp <= 0x115F                       // Hangul Jamo initials
                || cp == 0x2329 || cp == 0x232A
                || cp >= 0x2E80 && cp <= 0x303E                   // CJK radicals .. CJK symbols
                || cp >= 0x3041 && cp <= 0x33FF                   // kana .. CJK compatibility
                || cp >= 0x3400 && cp <= 0x4DBF                   // CJK extension A
                || cp >= 0x4E00 && cp <= 0x9FFF                   // CJK unified ideographs
                || cp >= 0xA000 && cp <= 0xA4CF                   // Yi
                || cp >= 0xA960 && cp <= 0xA97F                   // Hangul Jamo extended A
                || cp >= 0xAC00 && cp <= 0xD7A3                   // Hangul syllables
                || cp >= 0xF900 && cp <= 0xFAFF                   // CJK compatibility ideographs
                || cp >= 0xFE10 && cp <= 0xFE19                   // vertical forms
                || cp >= 0xFE30 && cp <= 0xFE6F                   // CJK compatibility forms
                || cp >= 0xFF00 && cp <= 0xFF60                   // fullwidth forms
                || cp >= 0xFFE0 && cp <= 0xFFE6
                || cp == 0x1F004 || cp == 0x1F0CF
                || cp == 0x1F18E || cp >= 0x1F191 && cp <= 0x1F19A
                || cp >= 0x1F200 && cp <= 0x1F251                 // enclosed ideographic supplement
                || cp >= 0x1F300 && cp <= 0x1F64F                 // pictographs, emoticons
                || cp >= 0x1F680 && cp <= 0x1F6FF                 // transport and map
                || cp >= 0x1F7E0 && cp <= 0x1F7EB
                || cp >= 0x1F900 && cp <= 0x1F9FF                 // supplemental symbols and pictographs
                || cp >= 0x1FA70 && cp <= 0x1FAFF
                || cp >= 0x20000 && cp <= 0x3FFFD                 // CJK extensions B..
                || EMOJI_PRESENTATION_BMP.indexOf(cp) >= 0;
    }

    /** BMP symbols drawn as (wide) emoji by default: East Asian Width W in the 2300-2BFF blocks. */
    private static final String EMOJI_PRESENTATION_BMP = "\u231A\u231B\u23E9\u23EA\u23EB\u23EC\u23F0\u23F3"
            + "\u25FD\u25FE\u2614\u2615\u2648\u2649\u264A\u264B\u264C\u264D\u264E\u264F\u2650\u2651\u2652"
            + "\u2653\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3"
            + "\u26F5\u26FA\u26FD\u2705\u270A\u270B\u2728\u274C\u274E\u2753\u2754\u2755\u2757\u2795\u2796"
            + "\u2797\u27B0\u27BF\u2B1B\u2B1C\u2B50\u2B55";
}
