package livemapbot.status;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The IPv4 and IPv6 ranges that are not a game server's public address. IPv6 forms that carry an
 * IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the IPv4 address they carry, so
 * {@code ::ffff:127.0.0.1} is loopback.
 */
public final class AddressRanges implements AddressClassifier {
    public static final AddressRanges INSTANCE = new AddressRanges();

    private AddressRanges() {
    }

    @Override
    public Optional<AddressKind> classify(InetAddress address) {
        byte[] b = address.getAddress();
        return Optional.ofNullable(b.length == 4 ? ipv4(b, 0) : ipv6(b));
    }

    private static AddressKind ipv4(byte[] bytes, int at) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        int c = bytes[at + 2] & 0xff;
        if (a == 0) {
            return AddressKind.UNSPECIFIED;
        }
        if (a == 127) {
            return AddressKind.LOOPBACK;
        }
        if (a == 10 || a == 172 && (b & 0xf0) == 16 || a == 192 && b == 168) {
            return AddressKind.PRIVATE;
        }
        if (a == 169 && b == 254) {
            return AddressKind.LINK_LOCAL;
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return AddressKind.CGNAT;
        }
        if (a >= 224 && a <= 239) {
            return AddressKind.MULTICAST;
        }
        if (a == 192 && b == 0 && c == 2 || a == 198 && b == 51 && c == 100 || a == 203 && b == 0 && c == 113) {
            return AddressKind.DOCUMENTATION;
        }
        if (a >= 240 || a == 198 && (b & 0xfe) == 18 || a == 192 && b == 0 && c == 0) {
            return AddressKind.RESERVED;
        }
        return null;
    }

    private static AddressKind ipv6(byte[] b) {
        if (zeros(b, 0, 10)) {
            if ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return ipv4(b, 12); // IPv4-mapped
            }
            if (zeros(b, 10, 15)) {
                int last = b[15] & 0xff;
                if (last == 0) {
                    return AddressKind.UNSPECIFIED;
                }
                if (last == 1) {
                    return AddressKind.LOOPBACK;
                }
            }
            if (b[10] == 0 && b[11] == 0) {
                return ipv4(b, 12); // IPv4-compatible (deprecated)
            }
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zeros(b, 4, 12)) {
            return ipv4(b, 12); // NAT64 well-known prefix
        }
        if (first == 0x20 && second == 0x02) {
            return ipv4(b, 2); // 6to4
        }
        if (first == 0xff) {
            return AddressKind.MULTICAST;
        }
        if ((first & 0xfe) == 0xfc) {
            return AddressKind.PRIVATE; // unique local fc00::/7
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return AddressKind.LINK_LOCAL; // fe80::/10
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return AddressKind.PRIVATE; // site-local fec0::/10 (deprecated)
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8
                || first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0) {
            return AddressKind.DOCUMENTATION; // 2001:db8::/32, 3fff::/20
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
