package livemapbot;

import livemapbot.cad.ServerEntry;

import java.util.ArrayList;
import java.util.List;

/** The servers as a plain-text table for the terminal ({@code check}). */
final class ServerTable {
    private static final String[] HEADERS = {"ID", "NAME", "MAP", "TYPE", "GAME SERVER", "OUTBOUND", "MAP URL"};
    private static final int MAX_CELL = 40;

    private ServerTable() {
    }

    static String render(List<ServerEntry> servers) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (ServerEntry s : servers) {
            rows.add(new String[]{
                    Integer.toString(s.id()),
                    s.name(),
                    s.enableMap() ? "on" : "off",
                    s.mapType(),
                    address(s),
                    s.differingOutbound() ? s.outboundIp() : "-",
                    s.mapUrl().isBlank() ? "-" : s.mapUrl()});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = cell(row[i]);
                widths[i] = Math.max(widths[i], row[i].length());
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

    private static String cell(String text) {
        String flat = text == null || text.isBlank() ? "-" : text.replaceAll("\\s+", " ");
        return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 1) + "…";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
