package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default peer rules (RFC 8656 §21.2.2 and §21.4; ranges from RFC 6890) and the operator's
 * allow/deny lists. Every default range and every IPv6 encoding of an IPv4 address is tried.
 */
class PeerFilterTest {

    private final PeerFilter defaults = new PeerFilter(PeerSettings.defaults());

    /** Parses a literal without DNS, keeping IPv4-mapped IPv6 literals as IPv6 (the JDK would not). */
    static InetAddress ip(String literal) throws Exception {
        if (!io.netty.util.NetUtil.isValidIpV4Address(literal) && !io.netty.util.NetUtil.isValidIpV6Address(literal)
                && !literal.contains(":")) {
            throw new IllegalArgumentException("not a literal: " + literal);
        }
        byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal: no DNS lookup
        if (literal.contains(":") && bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0          | this network 0.0.0.0/8, RFC 6890 §2.2.2",
        "0.255.255.255    | 0.0.0.0/8",
        "10.0.0.1         | RFC 1918 10/8",
        "10.255.255.255   | RFC 1918 10/8",
        "100.64.0.1       | CGNAT 100.64/10, RFC 6598",
        "100.127.255.254  | CGNAT upper end",
        "127.0.0.1        | loopback, RFC 1122",
        "127.255.255.254  | loopback /8",
        "169.254.169.254  | cloud metadata, link-local RFC 3927",
        "169.254.0.1      | link-local",
        "172.16.0.1       | RFC 1918 172.16/12",
        "172.31.255.255   | RFC 1918 172.16/12 upper end",
        "192.0.0.1        | IETF protocol assignments 192.0.0/24, RFC 6890",
        "192.0.2.45       | TEST-NET-1, RFC 5737",
        "192.88.99.1      | 6to4 relay anycast, RFC 7526",
        "192.168.1.1      | RFC 1918 192.168/16",
        "198.18.0.1       | benchmarking 198.18/15, RFC 2544",
        "198.19.255.255   | benchmarking upper end",
        "198.51.100.7     | TEST-NET-2, RFC 5737",
        "203.0.113.9      | TEST-NET-3, RFC 5737",
        "224.0.0.1        | multicast, RFC 5771",
        "239.255.255.250  | multicast (SSDP), RFC 5771",
        "240.0.0.1        | reserved 240/4, RFC 1112",
        "255.255.255.255  | limited broadcast, RFC 919",
        "::               | unspecified, RFC 4291 §2.5.2",
        "::1              | loopback, RFC 4291 §2.5.3",
        "fc00::1          | unique local, RFC 4193",
        "fd12:3456::1     | unique local fd00::/8",
        "fe80::1          | link-local, RFC 4291 §2.5.6",
        "febf::1          | link-local upper end of fe80::/10",
        "fec0::1          | site-local, RFC 3879",
        "ff02::1          | multicast, RFC 4291 §2.7",
        "ff0e::1          | global-scope multicast is still multicast",
        "2001:db8::1      | documentation, RFC 3849",
        "3fff::1          | documentation, RFC 9637",
        "100::1           | discard-only, RFC 6666",
        "2001:2::1        | benchmarking, RFC 5180",
        "2001:10::1       | ORCHID, RFC 4843",
        "2001:20::1       | ORCHIDv2, RFC 7343",
        "64:ff9b:1::a00:1 | local-use NAT64, RFC 8215",
    })
    void specialPurposeRangesAreRefusedByDefault(String address, String why) throws Exception {
        assertFalse(defaults.allows(ip(address)), why);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "::ffff:127.0.0.1          | IPv4-mapped loopback, RFC 4291 §2.5.5.2",
        "::ffff:169.254.169.254    | IPv4-mapped metadata",
        "::ffff:10.0.0.1           | IPv4-mapped RFC 1918",
        "::ffff:0:0                | IPv4-mapped 0.0.0.0",
        "::127.0.0.1               | IPv4-compatible loopback, RFC 4291 §2.5.5.1",
        "::a9fe:a9fe               | IPv4-compatible metadata",
        "::192.168.0.1             | IPv4-compatible RFC 1918",
        "::2                       | IPv4-compatible 0.0.0.2 is in 0.0.0.0/8",
        "::ffff:0:7f00:1           | IPv4-translated (SIIT) loopback, RFC 2765 §2.1",
        "::ffff:0:a9fe:a9fe        | IPv4-translated metadata",
        "64:ff9b::127.0.0.1        | NAT64 loopback, RFC 6052",
        "64:ff9b::a9fe:a9fe        | NAT64 metadata",
        "64:ff9b::172.16.0.1       | NAT64 RFC 1918",
        "2002:7f00:1::             | 6to4 of 127.0.0.1, RFC 3056 (RFC 8656 §21.4)",
        "2002:a9fe:a9fe::1         | 6to4 of the metadata address",
        "2002:808:808::1           | 6to4 of a public address: still MUST NOT (RFC 8656 §21.4)",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2 | Teredo, RFC 4380 (RFC 8656 §21.4)",
    })
    void ipv4HiddenInIpv6IsJudgedAsIpv4(String address, String why) throws Exception {
        assertFalse(defaults.allows(ip(address)), why);
    }

    @ParameterizedTest(name = "{0} allowed")
    @CsvSource({
        "8.8.8.8", "1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
        "172.15.255.255", "172.32.0.0", "169.253.255.255", "192.167.255.255", "198.17.255.255",
        "198.20.0.0", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450::1",
        "::ffff:8.8.8.8", "::8.8.8.8", "::ffff:0:808:808", "64:ff9b::8.8.8.8", "2001:4860:4860::8888", "fbff::1", "fe7f::1",
    })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertTrue(defaults.allows(ip(address)), address);
    }

    @Test
    void allowListWinsSoTheOperatorCanReachExactlyThePbx() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(Cidr.parse("10.0.0.5")), List.of(), false));
        assertTrue(filter.allows(ip("10.0.0.5")));
        assertTrue(filter.allows(ip("::ffff:10.0.0.5")), "the mapped form of an allowed address");
        assertFalse(filter.allows(ip("10.0.0.6")), "its neighbour stays refused");
        assertFalse(filter.allows(ip("169.254.169.254")));
    }

    @Test
    void allowListBeatsDenyList() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(Cidr.parse("203.0.113.0/28")),
                List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("8.8.0.0/16"), Cidr.parse("2a00::/16")), false));
        assertTrue(filter.allows(ip("203.0.113.1")));
        assertFalse(filter.allows(ip("203.0.113.16")));
        assertFalse(filter.allows(ip("8.8.8.8")), "deny list refuses a public address");
        assertFalse(filter.allows(ip("::ffff:8.8.8.8")), "and its mapped form");
        assertFalse(filter.allows(ip("2a00:1450::1")));
    }

    @Test
    void denyListOfIpv6AlsoCatchesEmbeddedForms() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(), List.of(Cidr.parse("64:ff9b::/96")), false));
        assertFalse(filter.allows(ip("64:ff9b::8.8.8.8")));
    }

    @Test
    void allowLoopbackOpensOnlyLoopback() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(), List.of(), true));
        assertTrue(filter.allows(ip("127.0.0.1")));
        assertTrue(filter.allows(ip("::1")));
        assertTrue(filter.allows(ip("::ffff:127.0.0.1")));
        assertFalse(filter.allows(ip("10.0.0.1")));
        assertFalse(filter.allows(ip("169.254.169.254")));
    }

    @Test
    void explicitlyAllowedTeredoStillNeedsAcceptableEmbeddedAddresses() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(
                List.of(Cidr.parse("2001::/32"), Cidr.parse("2002::/16")), List.of(), false));
        // RFC 4380 §4 example: server 65.54.227.120, client 192.0.2.45 (TEST-NET-1) XORed.
        assertFalse(filter.allows(ip("2001:0:4136:e378:8000:63bf:3fff:fdd2")));
        // The same server with client 8.8.8.8 (~0x08080808 = 0xf7f7f7f7).
        assertTrue(filter.allows(ip("2001:0:4136:e378:8000:63bf:f7f7:f7f7")));
        // Teredo server in RFC 1918 space.
        assertFalse(filter.allows(ip("2001:0:a00:1:8000:63bf:f7f7:f7f7")));
        assertTrue(filter.allows(ip("2002:808:808::1")));
        assertFalse(filter.allows(ip("2002:a9fe:a9fe::1")), "6to4 of the metadata address");
    }

    @Test
    void ownListeningPortsAreRefusedEvenWhenAllowed() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")),
                List.of(), true)).refuseAlways(Set.of(
                        new InetSocketAddress(ip("203.0.113.10"), 3478),
                        new InetSocketAddress(ip("2001:db8::10"), 5349),
                        new InetSocketAddress(ip("0.0.0.0"), 9090)));
        assertFalse(filter.allows(ip("203.0.113.10"), 3478));
        assertFalse(filter.allows(ip("::ffff:203.0.113.10"), 3478), "mapped form of the own address");
        assertFalse(filter.allows(ip("64:ff9b::203.0.113.10"), 3478), "NAT64 form of the own address");
        assertTrue(filter.allows(ip("203.0.113.10"), 50000), "a relay port of the same server is a valid peer");
        assertFalse(filter.allows(ip("2001:db8::10"), 5349));
        assertTrue(filter.allows(ip("2001:db8::10"), 5350));
        assertFalse(filter.allows(ip("127.0.0.1"), 9090), "wildcard listener: its port on any address");
        assertFalse(filter.allows(new InetSocketAddress(ip("8.8.8.8"), 9090)));
        assertTrue(filter.allows(ip("127.0.0.1"), 9091));
        assertTrue(filter.allows(ip("203.0.113.10")), "address-only check ignores ports");
    }

    @Test
    void primitiveOverloadsAgreeWithInetAddressOnes() throws Exception {
        assertFalse(defaults.allowsIpv4(0xA9FEA9FE, 80));
        assertTrue(defaults.allowsIpv4(0x08080808, 80));
        assertFalse(defaults.allowsIpv6(0, 0x0000_FFFF_7F00_0001L, -1));
        assertTrue(defaults.allowsIpv6(0x2606_4700_4700_0000L, 0x1111L, -1));
        byte[] scratch = new byte[20];
        System.arraycopy(ip("::ffff:169.254.169.254").getAddress(), 0, scratch, 4, 16);
        assertFalse(defaults.allowsIpv6(scratch, 4, 80));
        System.arraycopy(ip("2606:4700:4700::1111").getAddress(), 0, scratch, 4, 16);
        assertTrue(defaults.allowsIpv6(scratch, 4, 80));
    }

    @Test
    void everyDefaultRangeHasACitation() {
        for (SpecialRanges.Range r : SpecialRanges.IPV4) {
            assertTrue(r.reason().contains("RFC"), r.toString());
            assertTrue(r.cidr().ipv4());
        }
        for (SpecialRanges.Range r : SpecialRanges.IPV6) {
            assertTrue(r.reason().contains("RFC"), r.toString());
            assertFalse(r.cidr().ipv4());
        }
        assertEquals(16, SpecialRanges.IPV4.size());
    }
}
