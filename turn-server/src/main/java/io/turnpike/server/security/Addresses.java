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
     */
    public static long sourceKey(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return ipv4SourceKey(ipv4(v4));
        }
        return ipv6Hi((Inet6Address) address);
    }

    /** The source key of an IPv4 address given as an int. */
    public static long ipv4SourceKey(int address) {
        return IPV4_KEY | Integer.toUnsignedLong(address);
    }
}
