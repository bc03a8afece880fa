package io.turnpike.server.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a client may relay to a peer address (RFC 8656 §21.2.2: a TURN server may
 * restrict the peers it relays to). The engine answers 403 Forbidden to CreatePermission and
 * ChannelBind for a refused peer and drops Send indications to it.
 *
 * <p>Order of the rules:
 * <ol>
 *   <li>the server's own listening addresses and ports ({@link #refuseAlways}) are refused always;</li>
 *   <li>the operator's {@code allow} list wins over everything below (e.g. exactly the PBX's
 *       private address);</li>
 *   <li>the operator's {@code deny} list;</li>
 *   <li>the {@link SpecialRanges} defaults (loopback, private, link-local/metadata, CGNAT,
 *       multicast, reserved, documentation…);</li>
 *   <li>anything else is allowed.</li>
 * </ol>
 * IPv6 addresses that carry an IPv4 address are judged by that IPv4 address, so
 * {@code ::ffff:169.254.169.254} is refused like {@code 169.254.169.254}: IPv4-mapped
 * ({@code ::ffff:0:0/96}, RFC 4291 §2.5.5.2), IPv4-compatible ({@code ::/96}, RFC 4291 §2.5.5.1),
 * IPv4-translated ({@code ::ffff:0:0:0/96}, RFC 2765 §2.1) and NAT64 ({@code 64:ff9b::/96}, RFC 6052). 6to4 ({@code 2002::/16}, RFC 3056) and Teredo
 * ({@code 2001::/32}, RFC 4380) are refused unless explicitly allowed (RFC 8656 §21.4), and even then
 * their embedded IPv4 addresses (for Teredo the server and the XOR-obfuscated client address) must
 * pass the IPv4 rules.
 *
 * <p>Immutable and thread-safe. The primitive overloads allocate nothing; the {@link InetAddress}
 * overloads allocate nothing for IPv4 and one 16-byte copy for IPv6 (the JDK offers no other view).
 */
public final class PeerFilter {

    private static final long NAT64_HI = 0x0064_ff9b_0000_0000L;
    private static final int TEREDO_TOP32 = 0x2001_0000;
    private static final int SIX_TO_FOUR_TOP16 = 0x2002;

    private final CidrTable allow;
    private final CidrTable deny;
    private final CidrTable defaults;
    private final long[] refused4;
    private final long[] refused6Hi;
    private final long[] refused6Lo;
    private final int[] refused6Port;
    private final int[] refusedAnyPort;
    private final PeerSettings settings;
    private final Set<InetSocketAddress> refused;

    /** A filter with the given operator lists, refusing nothing by port yet. */
    public PeerFilter(PeerSettings settings) {
        this(settings, Set.of());
    }

    private PeerFilter(PeerSettings settings, Set<InetSocketAddress> refused) {
        this.settings = settings;
        this.refused = Set.copyOf(refused);
        List<Cidr> allowed = new ArrayList<>(settings.allow());
        if (settings.allowLoopback()) {
            allowed.addAll(SpecialRanges.LOOPBACK);
        }
        this.allow = new CidrTable(allowed);
        this.deny = new CidrTable(settings.deny());
        List<Cidr> special = new ArrayList<>();
        for (SpecialRanges.Range r : SpecialRanges.IPV4) {
            special.add(r.cidr());
        }
        for (SpecialRanges.Range r : SpecialRanges.IPV6) {
            special.add(r.cidr());
        }
        this.defaults = new CidrTable(special);
        List<Long> v4 = new ArrayList<>();
        List<InetSocketAddress> v6 = new ArrayList<>();
        List<Integer> any = new ArrayList<>();
        for (InetSocketAddress a : this.refused) {
            InetAddress ip = a.getAddress();
            if (ip == null || ip.isAnyLocalAddress()) {
                any.add(a.getPort());
            } else if (ip instanceof Inet4Address v4addr) {
                v4.add(portKey(Addresses.ipv4(v4addr), a.getPort()));
            } else {
                v6.add(a);
            }
        }
        refused4 = v4.stream().mapToLong(Long::longValue).toArray();
        refusedAnyPort = any.stream().mapToInt(Integer::intValue).toArray();
        refused6Hi = new long[v6.size()];
        refused6Lo = new long[v6.size()];
        refused6Port = new int[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            byte[] b = v6.get(i).getAddress().getAddress();
            refused6Hi[i] = Cidr.toLong(b, 0);
            refused6Lo[i] = Cidr.toLong(b, 8);
            refused6Port[i] = v6.get(i).getPort();
        }
    }

    /**
     * A filter that also refuses the given transport addresses whatever the lists say: the server's
     * own listening sockets (STUN/TURN, TLS, HTTP), so a client cannot make the relay talk to the
     * server itself. An entry with a wildcard address (0.0.0.0 or ::) refuses its port on every
     * address, because the server cannot tell which of the addresses it is reachable under a peer
     * address stands for.
     */
    public PeerFilter refuseAlways(Set<InetSocketAddress> own) {
        Set<InetSocketAddress> all = new java.util.HashSet<>(refused);
        all.addAll(own);
        return new PeerFilter(settings, all);
    }

    /** Address-only check (the port rules of {@link #refuseAlways} are not consulted). */
    public boolean allows(InetAddress peer) {
        return allows(peer, -1);
    }

    /** Whether the client may relay to {@code peer}:{@code port}. */
    public boolean allows(InetAddress peer, int port) {
        if (peer instanceof Inet4Address v4) {
            return allowsIpv4(Addresses.ipv4(v4), port);
        }
        byte[] b = peer.getAddress();
        return allowsIpv6(Cidr.toLong(b, 0), Cidr.toLong(b, 8), port);
    }

    /** Whether the client may relay to the transport address. */
    public boolean allows(InetSocketAddress peer) {
        return allows(peer.getAddress(), peer.getPort());
    }

    /**
     * IPv4 peer as a big-endian int (e.g. straight from XOR-PEER-ADDRESS); {@code port} -1 skips the
     * port rules. Allocation-free.
     */
    public boolean allowsIpv4(int address, int port) {
        if (refusedPort4(address, port)) {
            return false;
        }
        if (allow.matches4(address)) {
            return true;
        }
        return !deny.matches4(address) && !defaults.matches4(address);
    }

    /**
     * IPv6 peer as 16 bytes at {@code offset} (e.g. a scratch array filled by the codec's
     * {@code IndicationReader.copyPeerIpv6}); {@code port} -1 skips the port rules. Allocation-free.
     */
    public boolean allowsIpv6(byte[] address, int offset, int port) {
        return allowsIpv6(Cidr.toLong(address, offset), Cidr.toLong(address, offset + 8), port);
    }

    /** IPv6 peer as two big-endian longs; {@code port} -1 skips the port rules. Allocation-free. */
    public boolean allowsIpv6(long hi, long lo, int port) {
        if (refusedPort6(hi, lo, port)) {
            return false;
        }
        int low32 = (int) lo;
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
            return !deny.matches6(hi, lo) && allowsIpv4(low32, port); // IPv4-mapped
        }
        if (hi == 0 && (lo >>> 32) == 0xFFFF_0000L) {
            return !deny.matches6(hi, lo) && allowsIpv4(low32, port); // IPv4-translated (SIIT)
        }
        if (hi == 0 && (lo >>> 32) == 0 && (lo & ~1L) != 0) {
            return !deny.matches6(hi, lo) && allowsIpv4(low32, port); // IPv4-compatible (not :: or ::1)
        }
        if (hi == NAT64_HI && (lo >>> 32) == 0) {
            return !deny.matches6(hi, lo) && allowsIpv4(low32, port); // NAT64 well-known prefix
        }
        if ((hi >>> 48) == SIX_TO_FOUR_TOP16) {
            // 6to4: the IPv4 address of the tunnel end point is bits 16–47.
            return allow.matches6(hi, lo) && allowsIpv4((int) (hi >>> 16), -1);
        }
        if ((int) (hi >>> 32) == TEREDO_TOP32) {
            // Teredo: server IPv4 in bits 32–63, client IPv4 XORed with all ones in bits 96–127.
            return allow.matches6(hi, lo) && allowsIpv4((int) hi, -1) && allowsIpv4(~low32, -1);
        }
        if (allow.matches6(hi, lo)) {
            return true;
        }
        return !deny.matches6(hi, lo) && !defaults.matches6(hi, lo);
    }

    private boolean refusedPort4(int address, int port) {
        if (port < 0) {
            return false;
        }
        long key = portKey(address, port);
        for (long r : refused4) {
            if (r == key) {
                return true;
            }
        }
        return refusedAnyPort(port);
    }

    private boolean refusedPort6(long hi, long lo, int port) {
        if (port < 0) {
            return false;
        }
        for (int i = 0; i < refused6Hi.length; i++) {
            if (refused6Hi[i] == hi && refused6Lo[i] == lo && refused6Port[i] == port) {
                return true;
            }
        }
        return refusedAnyPort(port);
    }

    private boolean refusedAnyPort(int port) {
        for (int p : refusedAnyPort) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }

    private static long portKey(int address, int port) {
        return Integer.toUnsignedLong(address) << 16 | (port & 0xFFFF);
    }
}
