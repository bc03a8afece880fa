package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeError;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.TransactionId;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The (XOR-)address value layout shared by MAPPED-ADDRESS, XOR-MAPPED-ADDRESS and friends
 * (RFC 8489 §14.1, §14.2):
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            (X-)Address (32 bits or 128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Addresses {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private Addresses() {
    }

    static InetSocketAddress requireResolved(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            throw new IllegalArgumentException("address must be a resolved InetSocketAddress: " + address);
        }
        return address;
    }

    static int valueLength(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? 8 : 20;
    }

    /** Reads an address value; {@code xor} selects the XOR-ed form (RFC 8489 §14.2). */
    static InetSocketAddress read(ByteBuf buf, int index, int length, TransactionId txid, boolean xor)
            throws InvalidAttributeException {
        if (length < 4) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "address too short");
        }
        int family = buf.getUnsignedByte(index + 1);
        int port = buf.getUnsignedShort(index + 2);
        byte[] ip;
        if (family == FAMILY_IPV4 && length == 8) {
            int v = buf.getInt(index + 4);
            if (xor) {
                v ^= StunDecoder.MAGIC_COOKIE;
            }
            ip = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        } else if (family == FAMILY_IPV6 && length == 20) {
            ip = new byte[16];
            buf.getBytes(index + 4, ip);
            if (xor) {
                xorIpv6(ip, txid);
            }
        } else {
            // RFC 8489 §14.1: family 0x01 carries 32 bits, 0x02 carries 128 bits; anything else is wrong.
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ADDRESS_FAMILY,
                    "family " + family + " with length " + length);
        }
        if (xor) {
            port ^= StunDecoder.MAGIC_COOKIE >>> 16;
        }
        try {
            // Inet6Address keeps an IPv4-mapped IPv6 address (::ffff:a.b.c.d) in family 0x02, so the server
            // sees the family the client sent (RFC 8656 §7.2 family checks); InetAddress would turn it into IPv4.
            InetAddress address = ip.length == 4 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, -1);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException impossible) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ADDRESS_FAMILY, "bad address length");
        }
    }

    /** Writes an address value; {@code xor} selects the XOR-ed form. */
    static void write(ByteBuf out, InetSocketAddress address, TransactionId txid, boolean xor) {
        byte[] ip = address.getAddress().getAddress();
        int port = address.getPort();
        if (xor) {
            port ^= StunDecoder.MAGIC_COOKIE >>> 16;
        }
        out.writeByte(0).writeByte(ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6).writeShort(port);
        if (ip.length == 4) {
            int v = ((ip[0] & 0xFF) << 24) | ((ip[1] & 0xFF) << 16) | ((ip[2] & 0xFF) << 8) | (ip[3] & 0xFF);
            out.writeInt(xor ? v ^ StunDecoder.MAGIC_COOKIE : v);
        } else {
            if (xor) {
                xorIpv6(ip, txid);
            }
            out.writeBytes(ip);
        }
    }

    /** XORs 16 address bytes in place with magic cookie || transaction id (RFC 8489 §14.2). */
    static void xorIpv6(byte[] ip, TransactionId txid) {
        long first = ((long) StunDecoder.MAGIC_COOKIE << 32) | (txid.high() >>> 32);
        long second = (txid.high() << 32) | (txid.low() & 0xFFFFFFFFL);
        for (int i = 0; i < 8; i++) {
            ip[i] ^= (byte) (first >>> (56 - 8 * i));
            ip[8 + i] ^= (byte) (second >>> (56 - 8 * i));
        }
    }
}
