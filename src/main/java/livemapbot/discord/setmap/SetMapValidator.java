package livemapbot.discord.setmap;

import livemapbot.cad.ServerEntry;
import livemapbot.net.AddressRules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code /setmap} request and reports every problem at once, so staff fix them in one go
 * instead of one per attempt. Purely syntactic: host names are never resolved (a DNS lookup on
 * JDA's thread would block, and the game server may be reachable only from the CAD's side).
 *
 * <p>Discord enforces the option choices, lengths and ranges too, but a client can send anything,
 * so each rule is checked again here.
 */
public final class SetMapValidator {
    public static final int NAME_MAX = 100;
    public static final int DESCRIPTION_MAX = 1000;
    public static final int PORT_MIN = 1;
    public static final int PORT_MAX = 65535;
    public static final int URL_MAX = 2048;
    static final String NO_CHANGE = "Give at least one setting to change.";

    private static final int HOST_MAX = 253;
    private static final int LABEL_MAX = 63;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** Letters that render as nothing: Hangul fillers, braille blank, combining grapheme joiner. */
    private static final Set<Integer> INVISIBLE_FILLERS =
            Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F);

    /** Problems found from the options alone; nothing here needs the CAD. */
    public List<String> checkOptions(SetMapRequest request) {
        List<String> problems = new ArrayList<>();
        if (request.serverId() < Integer.MIN_VALUE || request.serverId() > Integer.MAX_VALUE) {
            problems.add("`server`: " + request.serverId() + " is not a server id; pick a server from the list.");
        }
        if (!request.hasAnySetting()) {
            problems.add(NO_CHANGE);
        }
        if (request.mapType() != null && !ServerEntry.MAP_TYPES.contains(request.mapType())) {
            problems.add("`map-type`: must be one of " + String.join(", ", ServerEntry.MAP_TYPES) + ".");
        }
        if (request.mapIp() != null) {
            reachableHostProblem(request.mapIp()).ifPresent(p -> problems.add("`map-ip`: " + p));
        }
        if (request.listenerPort() != null
                && (request.listenerPort() < PORT_MIN || request.listenerPort() > PORT_MAX)) {
            problems.add("`listener-port`: must be a port from " + PORT_MIN + " to " + PORT_MAX + ".");
        }
        if (request.outboundIp() != null) {
            reachableHostProblem(request.outboundIp()).ifPresent(p -> problems.add("`outbound-ip`: " + p));
        }
        if (request.mapUrl() != null) {
            urlProblem(request.mapUrl()).ifPresent(p -> problems.add("`map-url`: " + p));
        }
        if (request.name() != null) {
            if (!hasVisibleCharacter(request.name())) {
                problems.add("`name`: must not be blank (spaces and invisible characters alone do not count).");
            } else if (hasLineBreak(request.name())) {
                problems.add("`name`: must be a single line; remove the line break.");
            } else if (request.name().length() > NAME_MAX) {
                problems.add("`name`: at most " + NAME_MAX + " characters (yours has " + request.name().length() + ").");
            }
        }
        if (request.description() != null && request.description().length() > DESCRIPTION_MAX) {
            problems.add("`description`: at most " + DESCRIPTION_MAX + " characters (yours has "
                    + request.description().length() + ").");
        }
        return problems;
    }

    /**
     * Problems that depend on the server as it is now: with a differing outbound IP the server
     * needs an outbound IP, whether that flag is being switched on now or already was.
     */
    public List<String> checkAgainst(SetMapRequest request, ServerEntry current) {
        List<String> problems = new ArrayList<>();
        boolean differing = request.differingOutbound() != null
                ? request.differingOutbound() : current.differingOutbound();
        String outbound = request.outboundIp() != null ? request.outboundIp() : current.outboundIp();
        if (differing && (outbound == null || outbound.isBlank())) {
            problems.add(request.differingOutbound() != null
                    ? "`outbound-ip`: required when `differing-outbound` is true; give the game server's outbound IP."
                    : "`outbound-ip`: server #" + current.id() + " uses a differing outbound IP but has none; "
                    + "give `outbound-ip` or set `differing-outbound` to false.");
        }
        return problems;
    }

    /**
     * Why {@code value} is not a bare IPv4 address, IPv6 address or host name, or empty when it is
     * one. The reason names the mistake (a scheme, a port, a path) so it can be fixed at once.
     */
    public static Optional<String> hostProblem(String value) {
        if (value.isEmpty()) {
            return Optional.of("is empty; give an IP address or host name.");
        }
        if (value.contains("://")) {
            return Optional.of("give only the address, without `http://` or another scheme (e.g. `203.0.113.5`).");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("must not contain spaces.");
        }
        if (value.contains("/")) {
            return Optional.of("give only the address, without a path after it.");
        }
        long colons = value.chars().filter(c -> c == ':').count();
        if (colons == 1) {
            return Optional.of("give only the address, without `:port` (the port has its own option).");
        }
        if (colons > 1) {
            return AddressRules.isIpv6(value) ? Optional.empty()
                    : Optional.of("`" + value + "` is not a valid IPv6 address (write it without brackets or port).");
        }
        if (value.length() > HOST_MAX) {
            return Optional.of("a host name has at most " + HOST_MAX + " characters.");
        }
        String[] labels = value.split("\\.", -1);
        // A name whose last label is all digits is meant as an IPv4 address (no top-level domain is numeric).
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return AddressRules.isIpv4(value) ? Optional.empty()
                    : Optional.of("`" + value + "` is not a valid IPv4 address (four numbers 0–255, e.g. `203.0.113.5`).");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("`" + value + "` has an empty part between dots.");
            }
            if (label.length() > LABEL_MAX) {
                return Optional.of("each part of a host name has at most " + LABEL_MAX + " characters.");
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("a host name may only contain letters, digits, hyphens and dots.");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("a part of a host name must not start or end with a hyphen.");
            }
        }
        return Optional.empty();
    }

    /**
     * Why Sonoran could not use {@code value} as a game server address: not a bare address or host
     * name ({@link #hostProblem}), or an address that is not reachable from the internet
     * ({@link AddressRules}: loopback, private, link-local, CGNAT, documentation, {@code localhost}…).
     * Host names are never resolved.
     */
    public static Optional<String> reachableHostProblem(String value) {
        Optional<String> syntax = hostProblem(value);
        if (syntax.isPresent()) {
            return syntax;
        }
        return AddressRules.unreachableReason(value).map(why -> "`" + value + "` " + why
                + ". Give the game server's public IP address or host name.");
    }

    /**
     * Why {@code value} is not an absolute http(s) URL with a host, or empty when it is one. The
     * URL itself is never quoted back: it may carry a password.
     */
    public static Optional<String> urlProblem(String value) {
        if (value.length() > URL_MAX) {
            return Optional.of("at most " + URL_MAX + " characters (yours has " + value.length() + ").");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("must not contain spaces.");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL; give a full address like `https://map.example.com`.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must start with `http://` or `https://` (e.g. `https://map.example.com`).");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return Optional.of("must not contain a user name or password (`user:pass@`): everyone who opens "
                    + "the Live Map would see them. Remove them from the URL.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("has no valid host; give a full address like `https://map.example.com`.");
        }
        return Optional.empty();
    }

    /** Whether {@code text} has a character that shows: not a space, control, format (zero-width) or blank filler. */
    static boolean hasVisibleCharacter(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.CONTROL
                && !INVISIBLE_FILLERS.contains(c));
    }

    /** Line feed, carriage return, next line, line and paragraph separators. */
    static boolean hasLineBreak(String text) {
        return text.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029
                || c == 0x0B || c == 0x0C);
    }
}
