package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.attribute.AttributeType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.zip.CRC32;

/**
 * A reusable flyweight that reads a Send or Data indication in place (RFC 8656 §11): it finds the first
 * XOR-PEER-ADDRESS and the first DATA, decodes the peer into its own fields, and records where the
 * payload lies — building no objects. One instance per thread (not thread-safe); {@link #wrap} resets it.
 *
 * <p>Ownership: {@link #wrap} only reads the buffer and keeps no reference to it; the payload is described
 * by absolute indexes into that buffer ({@link #dataIndex()}, {@link #dataLength()}), valid while it is.
 */
public final class IndicationReader {
    /** Outcome of {@link #wrap}. */
    public enum Status {
        /** A well-formed indication with XOR-PEER-ADDRESS and DATA. */
        OK,
        /** Not a STUN message of the expected method and class, or a bad header. */
        NOT_INDICATION,
        /** An attribute overruns the message, an address is malformed, or something follows FINGERPRINT. */
        MALFORMED,
        /** No XOR-PEER-ADDRESS (RFC 8656 §10.2: discard). */
        MISSING_PEER_ADDRESS,
        /** No DATA (RFC 8656 §10.2: discard). */
        MISSING_DATA,
        /** An unknown comprehension-required attribute (RFC 8489 §6.3.1.1: discard an indication). */
        UNKNOWN_ATTRIBUTE,
        /** FINGERPRINT present but wrong. */
        BAD_FINGERPRINT
    }

    private final CRC32 crc = new CRC32();
    private final byte[] peerIpv6 = new byte[16];
    private boolean peerIsIpv6;
    private int peerIpv4;
    private int peerPort;
    private int dataIndex;
    private int dataLength;
    private boolean dontFragment;
    private int methodCode;

    /**
     * Reads the indication occupying {@code buf}'s readable bytes, expecting {@code method} (SEND on the
     * server, DATA on a client) in the INDICATION class. Allocation-free.
     */
    public Status wrap(ByteBuf buf, StunMethod method) {
        int start = buf.readerIndex();
        int readable = buf.readableBytes();
        dataIndex = -1;
        peerPort = -1;
        dontFragment = false;
        if (readable < StunDecoder.HEADER_LENGTH
                || buf.getUnsignedShort(start) != MessageType.of(method.code(), StunClass.INDICATION)
                || buf.getInt(start + 4) != StunDecoder.MAGIC_COOKIE) {
            return Status.NOT_INDICATION;
        }
        int length = buf.getUnsignedShort(start + 2);
        if ((length & 3) != 0 || StunDecoder.HEADER_LENGTH + length != readable) {
            return Status.NOT_INDICATION;
        }
        methodCode = method.code();
        Status s = walk(buf, start, start + readable);
        if (s != Status.OK) {
            return s;
        }
        if (peerPort < 0) {
            return Status.MISSING_PEER_ADDRESS;
        }
        return dataIndex < 0 ? Status.MISSING_DATA : Status.OK;
    }

    private Status walk(ByteBuf buf, int start, int end) {
        boolean afterIntegrity = false;
        int pos = start + StunDecoder.HEADER_LENGTH;
        while (pos < end) {
            if (end - pos < 4) {
                return Status.MALFORMED;
            }
            int type = buf.getUnsignedShort(pos);
            int length = buf.getUnsignedShort(pos + 2);
            int value = pos + 4;
            if (length > end - value) {
                return Status.MALFORMED;
            }
            if (type == AttributeType.FINGERPRINT.code()) {
                // RFC 8489 §14.7: FINGERPRINT is last and covers everything before it.
                int next = value + length;
                if (length != 4 || next != end) {
                    return Status.MALFORMED;
                }
                return buf.getUnsignedInt(value) == Fingerprints.compute(crc, buf, start, pos - start)
                        ? Status.OK : Status.BAD_FINGERPRINT;
            }
            if (!afterIntegrity) {
                Status s = attribute(buf, type, value, length);
                if (s != Status.OK) {
                    return s;
                }
                // RFC 8489 §14.5: ignore what follows MESSAGE-INTEGRITY (except FINGERPRINT).
                afterIntegrity = type == AttributeType.MESSAGE_INTEGRITY.code()
                        || type == AttributeType.MESSAGE_INTEGRITY_SHA256.code();
            }
            pos = value + length + (-length & 3);
        }
        return Status.OK;
    }

    private Status attribute(ByteBuf buf, int type, int value, int length) {
        if (type == AttributeType.XOR_PEER_ADDRESS.code()) {
            return peerPort >= 0 ? Status.OK : readPeer(buf, value, length);
        }
        if (type == AttributeType.DATA.code()) {
            if (dataIndex < 0) {
                dataIndex = value;
                dataLength = length;
            }
            return Status.OK;
        }
        if (type == AttributeType.DONT_FRAGMENT.code()) {
            dontFragment = true;
            return Status.OK;
        }
        if (AttributeType.isComprehensionRequired(type) && AttributeType.fromCode(type) == null) {
            return Status.UNKNOWN_ATTRIBUTE;
        }
        return Status.OK;
    }

    private Status readPeer(ByteBuf buf, int value, int length) {
        int family = length >= 4 ? buf.getUnsignedByte(value + 1) : 0;
        int port = length >= 4 ? buf.getUnsignedShort(value + 2) ^ (StunDecoder.MAGIC_COOKIE >>> 16) : 0;
        if (family == 0x01 && length == 8) {
            peerIsIpv6 = false;
            peerIpv4 = buf.getInt(value + 4) ^ StunDecoder.MAGIC_COOKIE;
        } else if (family == 0x02 && length == 20) {
            peerIsIpv6 = true;
            buf.getBytes(value + 4, peerIpv6);
            int txIndex = buf.readerIndex() + 8;
            for (int i = 0; i < 16; i++) {
                int mask = i < 4 ? StunDecoder.MAGIC_COOKIE >>> (24 - 8 * i) : buf.getByte(txIndex + i - 4);
                peerIpv6[i] ^= (byte) mask;
            }
        } else {
            return Status.MALFORMED; // RFC 8489 §14.1 family/length mismatch
        }
        peerPort = port;
        return Status.OK;
    }

    /** The method code of the last wrapped indication. */
    public int methodCode() {
        return methodCode;
    }

    /** True when the peer is IPv6 (then use {@link #copyPeerIpv6}); false for IPv4. */
    public boolean peerIsIpv6() {
        return peerIsIpv6;
    }

    /** The IPv4 peer address as a big-endian int (valid when !{@link #peerIsIpv6()}). */
    public int peerIpv4() {
        return peerIpv4;
    }

    /** The peer port. */
    public int peerPort() {
        return peerPort;
    }

    /** IPv4 address and port packed as {@code (ip << 16) | port}, a primitive map key. */
    public long peerIpv4AndPort() {
        return ((peerIpv4 & 0xFFFFFFFFL) << 16) | peerPort;
    }

    /** Copies the 16 IPv6 address bytes into {@code dst} at {@code offset}. */
    public void copyPeerIpv6(byte[] dst, int offset) {
        System.arraycopy(peerIpv6, 0, dst, offset, 16);
    }

    /** The peer as a new socket address (allocates; for logs and tests, not the relay path). */
    public InetSocketAddress peerAddress() {
        byte[] ip = peerIsIpv6 ? peerIpv6.clone() : new byte[] {
            (byte) (peerIpv4 >>> 24), (byte) (peerIpv4 >>> 16), (byte) (peerIpv4 >>> 8), (byte) peerIpv4};
        try {
            InetAddress address = peerIsIpv6 ? Inet6Address.getByAddress(null, ip, -1) : InetAddress.getByAddress(ip);
            return new InetSocketAddress(address, peerPort);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Absolute index of the first DATA byte in the wrapped buffer. */
    public int dataIndex() {
        return dataIndex;
    }

    /** The DATA length (without padding). */
    public int dataLength() {
        return dataLength;
    }

    /** True when DONT-FRAGMENT was present (RFC 8656 §18.8). */
    public boolean dontFragment() {
        return dontFragment;
    }
}
