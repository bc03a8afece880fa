package io.turnpike.server.security;

import io.netty.util.NetUtil;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}, held as 128 bits (two longs,
 * network byte order) plus a prefix length, so matching is two masks and two compares. An IPv4
 * block uses only {@code lo}'s low 32 bits.
 *
 * @param ipv4   true for an IPv4 block
 * @param hi     bits 0–63 of an IPv6 network; 0 for IPv4
 * @param lo     bits 64–127 of an IPv6 network, or the IPv4 network in the low 32 bits
 * @param prefix prefix length: 0–32 for IPv4, 0–128 for IPv6
 */
public record Cidr(boolean ipv4, long hi, long lo, int prefix) {

    /**
     * Parses {@code address/prefix} or a bare address (a single host). Host bits beyond the prefix
     * must be zero: {@code 10.0.0.1/8} is refused as a probable typo. Never resolves host names.
     *
     * @throws IllegalArgumentException with a message fit for a configuration error
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR block");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("\"" + text + "\": prefix length must be 0.." + max);
            }
        }
        Cidr cidr = bytes.length == 4
                ? new Cidr(true, 0, Integer.toUnsignedLong(toInt(bytes, 0)), prefix)
                : new Cidr(false, toLong(bytes, 0), toLong(bytes, 8), prefix);
        if (cidr.hi != (cidr.hi & cidr.maskHi()) || cidr.lo != (cidr.lo & cidr.maskLo())) {
            throw new IllegalArgumentException("\"" + text + "\" has host bits set beyond /" + prefix);
        }
        return cidr;
    }

    /** Mask for {@code hi} (IPv6); 0 for IPv4. */
    public long maskHi() {
        return ipv4 ? 0 : prefixMask(Math.min(prefix, 64));
    }

    /** Mask for {@code lo}: the IPv4 mask in the low 32 bits, or IPv6 bits 64–127. */
    public long maskLo() {
        if (ipv4) {
            return prefixMask(prefix) >>> 32;
        }
        return prefixMask(Math.max(prefix - 64, 0));
    }

    /** True when the IPv4 address (as a big-endian int) is inside this IPv4 block. */
    public boolean containsIpv4(int address) {
        return ipv4 && (Integer.toUnsignedLong(address) & maskLo()) == lo;
    }

    /** True when the IPv6 address (two big-endian longs) is inside this IPv6 block. */
    public boolean containsIpv6(long addressHi, long addressLo) {
        return !ipv4 && (addressHi & maskHi()) == hi && (addressLo & maskLo()) == lo;
    }

    @Override
    public String toString() {
        byte[] bytes = ipv4 ? new byte[4] : new byte[16];
        if (ipv4) {
            putInt(bytes, 0, (int) lo);
        } else {
            putInt(bytes, 0, (int) (hi >>> 32));
            putInt(bytes, 4, (int) hi);
            putInt(bytes, 8, (int) (lo >>> 32));
            putInt(bytes, 12, (int) lo);
        }
        return NetUtil.bytesToIpAddress(bytes) + "/" + prefix;
    }

    /** A 64-bit mask with the top {@code bits} bits set (0 ≤ bits ≤ 64). */
    private static long prefixMask(int bits) {
        return bits == 0 ? 0 : -1L << (64 - bits);
    }

    static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8
                | (b[offset + 3] & 0xFF);
    }

    static long toLong(byte[] b, int offset) {
        return Integer.toUnsignedLong(toInt(b, offset)) << 32 | Integer.toUnsignedLong(toInt(b, offset + 4));
    }

    private static void putInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }
}
