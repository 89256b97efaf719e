package livemapbot.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses a service on the public internet (Sonoran CAD) can reach, decided from the text
 * alone: IP literals are parsed without any DNS lookup, and a host name is never resolved (the only
 * name judged is {@code localhost}). No JDA type here; the status probe reuses these rules.
 */
public final class AddressRules {
    /** What kind of address a literal is. Everything but {@link #PUBLIC} is unreachable from the internet. */
    public enum Kind {
        PUBLIC(null),
        UNSPECIFIED("is the unspecified address (\"any\"), not the address of a machine"),
        LOOPBACK("is a loopback address: it means the machine itself, so Sonoran would be talking to its own server"),
        PRIVATE("is a private network address, which cannot be reached from the internet where Sonoran runs"),
        LINK_LOCAL("is a link-local address, valid only on the local network segment; Sonoran cannot reach it"),
        CGNAT("is a carrier-grade NAT address (100.64.0.0/10) inside an ISP's network; Sonoran cannot reach it"),
        MULTICAST("is a multicast address, not the address of one machine"),
        DOCUMENTATION("is reserved for documentation and examples; no real server has it"),
        RESERVED("is a reserved address that is not used on the internet");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** Why Sonoran cannot reach such an address, as the end of a sentence; null for {@link #PUBLIC}. */
        public String reason() {
            return reason;
        }
    }

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private AddressRules() {
    }

    /** Whether {@code value} is a dotted-quad IPv4 address (no leading zeros: "010" is octal to some parsers). */
    public static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!DIGITS.matcher(part).matches() || part.length() > 3 || part.length() > 1 && part.startsWith("0")
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} is an IPv6 address without brackets, zone or port (a trailing dotted quad allowed). */
    public static boolean isIpv6(String value) {
        if (value.startsWith(":") && !value.startsWith("::") || value.endsWith(":") && !value.endsWith("::")) {
            return false;
        }
        int gap = value.indexOf("::");
        if (gap >= 0 && value.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        List<String> groups = new ArrayList<>();
        if (gap >= 0) {
            addGroups(value.substring(0, gap), groups);
            addGroups(value.substring(gap + 2), groups);
        } else {
            addGroups(value, groups);
        }
        int units = 0;
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            if (i == groups.size() - 1 && group.contains(".")) {
                if (!isIpv4(group)) {
                    return false;
                }
                units += 2;
            } else if (HEX_GROUP.matcher(group).matches()) {
                units++;
            } else {
                return false;
            }
        }
        return gap >= 0 ? units <= 7 : units == 8;
    }

    /** The address {@code literal} stands for, or empty when it is not an IPv4/IPv6 literal. Never a DNS lookup. */
    public static Optional<InetAddress> parseLiteral(String literal) {
        if (literal == null || !isIpv4(literal) && !isIpv6(literal)) {
            return Optional.empty();
        }
        try {
            // Only literals get here (checked above), and for a literal getByName only parses.
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The kind of {@code address}; an IPv4-mapped IPv6 address is judged by its IPv4 part. */
    public static Kind classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classifyIpv4(b);
        }
        if (isMappedOrCompatibleIpv4(b)) {
            byte[] v4 = {b[12], b[13], b[14], b[15]};
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return classifyIpv4(v4);
            }
        }
        return classifyIpv6(b);
    }

    /**
     * Why Sonoran could not reach {@code host} (an IP literal or a host name), as the end of a
     * sentence, or empty when nothing in the text says so. Host names other than {@code localhost}
     * (and names under {@code .localhost}) are not judged: they are never resolved here.
     */
    public static Optional<String> unreachableReason(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of(Kind.LOOPBACK.reason());
        }
        return parseLiteral(host).map(AddressRules::classify).map(Kind::reason);
    }

    private static Kind classifyIpv4(byte[] b) {
        int a = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        if (a == 0) {
            return Kind.UNSPECIFIED; // 0.0.0.0/8, "this network"
        }
        if (a == 127) {
            return Kind.LOOPBACK;
        }
        if (a == 10 || a == 172 && second >= 16 && second <= 31 || a == 192 && second == 168) {
            return Kind.PRIVATE;
        }
        if (a == 169 && second == 254) {
            return Kind.LINK_LOCAL;
        }
        if (a == 100 && second >= 64 && second <= 127) {
            return Kind.CGNAT;
        }
        if (a == 192 && second == 0 && third == 2 || a == 198 && second == 51 && third == 100
                || a == 203 && second == 0 && third == 113) {
            return Kind.DOCUMENTATION;
        }
        if (a >= 224 && a <= 239) {
            return Kind.MULTICAST;
        }
        if (a >= 240 || a == 192 && second == 0 && third == 0 || a == 198 && (second == 18 || second == 19)) {
            return Kind.RESERVED; // 240/4 and broadcast, IETF protocol assignments, benchmarking
        }
        return Kind.PUBLIC;
    }

    private static Kind classifyIpv6(byte[] b) {
        boolean allZeroButLast = true;
        for (int i = 0; i < 15; i++) {
            allZeroButLast &= b[i] == 0;
        }
        if (allZeroButLast && b[15] == 0) {
            return Kind.UNSPECIFIED;
        }
        if (allZeroButLast && b[15] == 1) {
            return Kind.LOOPBACK;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xff) {
            return Kind.MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Kind.LINK_LOCAL; // fe80::/10
        }
        if ((first & 0xfe) == 0xfc) {
            return Kind.PRIVATE; // fc00::/7, unique local
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8
                || first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0) {
            return Kind.DOCUMENTATION; // 2001:db8::/32, 3fff::/20
        }
        if (isMappedOrCompatibleIpv4(b)) {
            return Kind.RESERVED; // deprecated IPv4-compatible ::a.b.c.d
        }
        return Kind.PUBLIC;
    }

    private static boolean isMappedOrCompatibleIpv4(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == b[11] && (b[10] == 0 || b[10] == (byte) 0xff);
    }

    private static void addGroups(String part, List<String> groups) {
        if (!part.isEmpty()) {
            groups.addAll(List.of(part.split(":", -1)));
        }
    }
}
