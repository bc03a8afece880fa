package io.turnpike.server.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Primitive views of {@link InetAddress} for table lookups. */
public final class Addresses {

    /** Prefix that marks an IPv4 source key; no IPv6 /64 starts with it (it lies in ff00::/8). */
    private static final long IPV4_KEY = 0xFFFF_FFFF_0000_0000L;

    private Addresses() {
    }

    /**
     * The IPv4 address as a big-endian int without copying it: {@link Inet4Address#hashCode()} has
     * always been exactly the address (and {@code AddressesTest} would notice if that changed),
     * whereas {@link InetAddress#getAddress()} allocates a new array on every call.
     */
    public static int ipv4(Inet4Address address) {
        return address.hashCode();
    }

    /** Bits 0–63 of an IPv6 address (allocates the 16-byte copy the JDK hands out). */
    public static long ipv6Hi(Inet6Address address) {
        return Cidr.toLong(address.getAddress(), 0);
    }

    /**
     * A source key for per-source tables: the IPv4 address, or the IPv6 /64 (one subscriber
     * usually owns a whole /64, so keying by the full address would let one host use 2^64 keys).
     * An IPv4-mapped IPv6 address (as a dual-stack socket may report an IPv4 client) is keyed as
     * its IPv4 address, so that IPv4 clients do not all share the key of {@code ::/64}.
     */
    public static long sourceKey(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return ipv4SourceKey(ipv4(v4));
        }
        byte[] bytes = address.getAddress();
        long hi = Cidr.toLong(bytes, 0);
        long lo = Cidr.toLong(bytes, 8);
        if (hi == 0 && (lo >>> 32) == 0xFFFFL) {
            return ipv4SourceKey((int) lo);
        }
        return hi;
    }

    /** The source key of an IPv4 address given as an int. */
    public static long ipv4SourceKey(int address) {
        return IPV4_KEY | Integer.toUnsignedLong(address);
    }
}
