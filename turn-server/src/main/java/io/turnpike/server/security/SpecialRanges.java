package io.turnpike.server.security;

import java.util.List;

/**
 * The peer ranges refused by default: every special-purpose block of the IANA registries (RFC 6890)
 * that is not globally reachable, or that would let a client reach the server's own network, the
 * cloud metadata service or a broadcast/multicast group through the relay (RFC 8656 §21.2.2 lets a
 * TURN server restrict the peers it relays to). Each entry cites the RFC that defines the block.
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64
 * 64:ff9b::/96) are not listed: {@link PeerFilter} extracts the IPv4 address and applies these IPv4
 * rules. 6to4 (2002::/16) and Teredo (2001::/32) are refused outright because RFC 8656 §21.4 says a
 * TURN server MUST NOT relay to them (tunnel amplification).
 */
public final class SpecialRanges {

    /**
     * One default-refused block.
     *
     * @param cidr   the block
     * @param reason what it is and the RFC that defines it
     */
    public record Range(Cidr cidr, String reason) {
    }

    /** IPv4 blocks refused by default. */
    public static final List<Range> IPV4 = List.of(
            range("0.0.0.0/8", "\"this network\", RFC 791 / RFC 6890 §2.2.2"),
            range("10.0.0.0/8", "private, RFC 1918"),
            range("100.64.0.0/10", "shared address space (CGNAT), RFC 6598"),
            range("127.0.0.0/8", "loopback, RFC 1122 §3.2.1.3"),
            range("169.254.0.0/16", "link-local incl. cloud metadata 169.254.169.254, RFC 3927"),
            range("172.16.0.0/12", "private, RFC 1918"),
            range("192.0.0.0/24", "IETF protocol assignments, RFC 6890 §2.2.2"),
            range("192.0.2.0/24", "documentation TEST-NET-1, RFC 5737"),
            range("192.88.99.0/24", "6to4 relay anycast (deprecated), RFC 7526"),
            range("192.168.0.0/16", "private, RFC 1918"),
            range("198.18.0.0/15", "benchmarking, RFC 2544"),
            range("198.51.100.0/24", "documentation TEST-NET-2, RFC 5737"),
            range("203.0.113.0/24", "documentation TEST-NET-3, RFC 5737"),
            range("224.0.0.0/4", "multicast, RFC 5771"),
            range("240.0.0.0/4", "reserved, RFC 1112 §4 / RFC 6890 §2.2.2"),
            range("255.255.255.255/32", "limited broadcast, RFC 919 / RFC 8190"));

    /** IPv6 blocks refused by default (besides the IPv4-carrying forms handled by extraction). */
    public static final List<Range> IPV6 = List.of(
            range("::/128", "unspecified, RFC 4291 §2.5.2"),
            range("::1/128", "loopback, RFC 4291 §2.5.3"),
            range("64:ff9b:1::/48", "local-use NAT64 prefix (not globally routed), RFC 8215"),
            range("100::/64", "discard-only, RFC 6666"),
            range("2001:2::/48", "benchmarking, RFC 5180"),
            range("2001:10::/28", "ORCHID (deprecated), RFC 4843"),
            range("2001:20::/28", "ORCHIDv2, RFC 7343"),
            range("2001:db8::/32", "documentation, RFC 3849"),
            range("3fff::/20", "documentation, RFC 9637"),
            range("fc00::/7", "unique local, RFC 4193"),
            range("fe80::/10", "link-local, RFC 4291 §2.5.6"),
            range("fec0::/10", "site-local (deprecated), RFC 3879"),
            range("ff00::/8", "multicast, RFC 4291 §2.7"));

    /** Loopback blocks, allowed when {@code allow-loopback = true}. */
    static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1"));

    private SpecialRanges() {
    }

    private static Range range(String cidr, String reason) {
        return new Range(Cidr.parse(cidr), reason);
    }
}
