package livemapbot.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where {@code /metrics} and {@code /health} are served (README "Metrics and health"), grouped so
 * they travel as one {@link Settings} component.
 *
 * @param port        {@code metrics.port}: 0 = off (nothing listens), else 1-65535
 * @param bindAddress {@code metrics.bindAddress}: an IP literal or a host name; 127.0.0.1 by default,
 *                    so nothing outside the machine (or container) sees the figures unless asked to
 */
public record MetricsSettings(int port, String bindAddress) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int MAX_PORT = 65_535;
    public static final MetricsSettings OFF = new MetricsSettings(0, DEFAULT_BIND_ADDRESS);

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** Hex groups and colons, an optional embedded IPv4 tail; {@code ::} at most once is checked apart. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(:" + IPV4.pattern() + ")?");
    /** RFC 1123 labels: letters, digits and inner hyphens, 1-63 characters each. */
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    public MetricsSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be 0-" + MAX_PORT + ", got " + port);
        }
    }

    /** Whether the endpoint is served at all. */
    public boolean on() {
        return port != 0;
    }

    /** The same settings on another port (tests pick a free one). */
    public MetricsSettings withPort(int newPort) {
        return new MetricsSettings(newPort, bindAddress);
    }

    /** Whether {@code value} is an IPv4 or IPv6 literal (brackets allowed around IPv6) or a host name. */
    public static boolean validBindAddress(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (IPV4.matcher(v).matches()) {
            return true;
        }
        if (v.contains(":")) {
            return IPV6.matcher(v).matches() && ipv6Shape(v);
        }
        // All digits and dots but not a valid IPv4 (999.1.1.1) is a typo, not a host name.
        return HOST_NAME.matcher(v).matches() && !v.matches("[\\d.]+");
    }

    private static boolean ipv6Shape(String v) {
        int doubleColons = v.split("::", -1).length - 1;
        if (doubleColons > 1) {
            return false;
        }
        String hex = v.contains(".") ? v.substring(0, v.lastIndexOf(':')) : v;
        String[] groups = hex.split(":", -1);
        int filled = 0;
        for (String group : groups) {
            if (group.length() > 4) {
                return false;
            }
            if (!group.isEmpty()) {
                filled++;
            }
        }
        int needed = v.contains(".") ? 6 : 8;
        return doubleColons == 1 ? filled < needed : filled == needed && groups.length == needed;
    }
}
