package livemapbot.net;

import livemapbot.net.AddressRules.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses Sonoran (on the internet) cannot reach, decided from the text without DNS. */
class AddressRulesTest {
    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
            "127.0.0.1, LOOPBACK", "127.255.0.9, LOOPBACK", "::1, LOOPBACK",
            "10.0.0.5, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.20, PRIVATE",
            "fc00::1, PRIVATE", "fd12:3456::1, PRIVATE",
            "169.254.10.1, LINK_LOCAL", "fe80::1, LINK_LOCAL", "febf::1, LINK_LOCAL",
            "100.64.0.1, CGNAT", "100.127.255.254, CGNAT",
            "224.0.0.1, MULTICAST", "239.1.2.3, MULTICAST", "ff02::1, MULTICAST",
            "192.0.2.1, DOCUMENTATION", "198.51.100.7, DOCUMENTATION", "203.0.113.5, DOCUMENTATION",
            "2001:db8::1, DOCUMENTATION", "3fff:0fff::1, DOCUMENTATION",
            "255.255.255.255, RESERVED", "240.0.0.1, RESERVED",
            // IPv4-mapped IPv6 is judged by its IPv4 part.
            "::ffff:10.1.2.3, PRIVATE", "::ffff:127.0.0.1, LOOPBACK", "::ffff:8.8.8.8, PUBLIC",
            "0:0:0:0:0:ffff:c0a8:0101, PRIVATE",
            "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC", "172.32.0.1, PUBLIC", "100.128.0.1, PUBLIC", "172.15.255.255, PUBLIC",
            "2606:4700:4700::1111, PUBLIC", "2a01:4f8::1, PUBLIC"
    })
    void classifiesLiterals(String literal, Kind expected) {
        assertEquals(expected, AddressRules.classify(AddressRules.parseLiteral(literal).orElseThrow()), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "localhost.", "game.localhost", "127.0.0.1", "10.0.0.5",
            "::1", "fe80::1", "100.64.1.1", "203.0.113.5", "::ffff:192.168.0.1"})
    void unreachableHostsHaveAReason(String host) {
        String reason = AddressRules.unreachableReason(host).orElseThrow(() -> new AssertionError(host));
        assertTrue(reason.startsWith("is "), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "2606:4700:4700::1111", "game.example.com", "localhost.example.com",
            "10.example.com"})
    void publicAddressesAndHostNamesHaveNoReason(String host) {
        assertEquals(java.util.Optional.empty(), AddressRules.unreachableReason(host), host);
    }

    /** Host names are never resolved: a name that does not exist is not an error here, and is answered at once. */
    @Test
    void aHostNameIsNotALiteralAndIsNeverLookedUp() {
        assertTrue(AddressRules.parseLiteral("no-such-host.invalid").isEmpty());
        assertTrue(AddressRules.parseLiteral("256.1.1.1").isEmpty());
        assertTrue(AddressRules.parseLiteral("[::1]").isEmpty());
        assertTrue(AddressRules.parseLiteral("fe80::1%eth0").isEmpty());
    }
}
