package livemapbot.status;

import livemapbot.net.AddressRules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which resolved addresses the probe refuses: the rules of {@link AddressRules} (one place for the
 * ranges, shared with {@code /setmap}), applied also to the IPv4 address carried by the IPv6
 * prefixes that hand traffic to an IPv4 translator — NAT64 {@code 64:ff9b::/96} and 6to4
 * {@code 2002::/16} — so {@code 64:ff9b::a9fe:a9fe} is judged as 169.254.169.254.
 */
final class AddressRanges {
    private AddressRanges() {
    }

    /** The kind of a non-public address; empty for a public one. */
    static Optional<AddressRules.Kind> refusedKind(InetAddress address) {
        AddressRules.Kind kind = AddressRules.classify(carriedIpv4(address).orElse(address));
        return kind == AddressRules.Kind.PUBLIC ? Optional.empty() : Optional.of(kind);
    }

    private static Optional<InetAddress> carriedIpv4(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return Optional.empty();
        }
        int at = -1;
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zeros(b, 4, 12)) {
            at = 12; // NAT64 well-known prefix
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            at = 2; // 6to4
        }
        if (at < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]}));
        } catch (UnknownHostException e) {
            return Optional.empty(); // cannot happen for four bytes
        }
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
