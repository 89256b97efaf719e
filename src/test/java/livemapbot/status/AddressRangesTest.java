package livemapbot.status;

import livemapbot.net.AddressRules.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The addresses the probe refuses unless probe.allowPrivateAddresses=true (issue 11's safety rules):
 * livemapbot.net.AddressRules' ranges, as the probe sees resolved addresses, plus the IPv4 carried by
 * NAT64 and 6to4 addresses.
 */
class AddressRangesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, LOOPBACK", "::1, LOOPBACK", "10.0.0.5, PRIVATE", "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE", "fd00:ec2::254, PRIVATE", "169.254.169.254, LINK_LOCAL", "fe80::1, LINK_LOCAL",
            "100.64.0.1, CGNAT", "224.0.0.1, MULTICAST", "ff02::1, MULTICAST", "0.0.0.0, UNSPECIFIED",
            "::, UNSPECIFIED", "203.0.113.10, DOCUMENTATION", "2001:db8::1, DOCUMENTATION",
            "255.255.255.255, RESERVED",
            "64:ff9b::a9fe:a9fe, LINK_LOCAL", "64:ff9b::7f00:1, LOOPBACK", "2002:7f00:1::, LOOPBACK",
            "2002:a00:1::, PRIVATE"
    })
    void nonPublicAddressesAreRefused(String literal, Kind kind) throws Exception {
        assertEquals(Optional.of(kind), AddressRanges.refusedKind(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "51.79.1.2", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
            "64:ff9b::808:808", "2002:808:808::"})
    void publicAddressesPass(String literal) throws Exception {
        assertEquals(Optional.empty(), AddressRanges.refusedKind(InetAddress.getByName(literal)), literal);
    }

    /** Java turns the text "::ffff:127.0.0.1" into an IPv4 address; an address built from bytes stays IPv6. */
    @ParameterizedTest
    @CsvSource({"127.0.0.1, LOOPBACK", "10.1.2.3, PRIVATE", "169.254.169.254, LINK_LOCAL", "203.0.113.5, DOCUMENTATION"})
    void ipv4MappedIpv6FormsAreJudgedByTheIpv4TheyCarry(String v4, Kind kind) throws Exception {
        byte[] four = InetAddress.getByName(v4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(four, 0, mapped, 12, 4);
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

        assertEquals(Optional.of(kind), AddressRanges.refusedKind(address), address.toString());
    }
}
