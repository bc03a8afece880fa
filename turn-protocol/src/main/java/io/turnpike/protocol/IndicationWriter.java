package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.attribute.AttributeType;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Writes the head of a Data indication (server → client, RFC 8656 §11.3) or Send indication
 * (client → server, §11.1) so that the payload never has to be copied:
 *
 * <pre>
 * STUN header (20) | XOR-PEER-ADDRESS (4 + 8 or 4 + 20) | DATA header (4) || payload || padding (0..3)
 * </pre>
 *
 * The header's length field already counts the payload and its padding, so the caller follows the head
 * with the payload (written, or composed as a {@code CompositeByteBuf} component, or the head is written
 * into reserved headroom in front of it) and then {@link #paddingLength} bytes (any value, RFC 8489 §14).
 * Allocation-free. Ownership: only writes to {@code out}, which stays the caller's.
 */
public final class IndicationWriter {
    /** Head length with an IPv4 peer: 20 + 12 + 4. */
    public static final int HEAD_LENGTH_IPV4 = 36;
    /** Head length with an IPv6 peer: 20 + 24 + 4. */
    public static final int HEAD_LENGTH_IPV6 = 48;
    /** Largest payload that fits a Data indication with an IPv6 peer. */
    public static final int MAX_PAYLOAD = 0xFFFF - (HEAD_LENGTH_IPV6 - StunDecoder.HEADER_LENGTH) - 3;

    private IndicationWriter() {
    }

    /** Padding after a DATA value of this length (0..3). */
    public static int paddingLength(int payloadLength) {
        return -payloadLength & 3;
    }

    /** Writes a Data indication head for an IPv4 peer ({@code ipv4} big-endian). */
    public static void writeDataHead(ByteBuf out, long txHigh, int txLow, int ipv4, int port, int payloadLength) {
        writeHead(out, StunMethod.DATA, txHigh, txLow, ipv4, null, port, payloadLength);
    }

    /** Writes a Data indication head for an IPv6 peer (16 address bytes). */
    public static void writeDataHead(ByteBuf out, long txHigh, int txLow, byte[] ipv6, int port,
                                     int payloadLength) {
        writeHead(out, StunMethod.DATA, txHigh, txLow, 0, ipv6, port, payloadLength);
    }

    /** Writes a Data indication head for a peer socket address (the address bytes are read from it). */
    public static void writeDataHead(ByteBuf out, TransactionId txid, InetSocketAddress peer, int payloadLength) {
        writeHead(out, StunMethod.DATA, txid, peer, payloadLength);
    }

    /** Writes a Send indication head (client side: tests, load generator). */
    public static void writeSendHead(ByteBuf out, TransactionId txid, InetSocketAddress peer, int payloadLength) {
        writeHead(out, StunMethod.SEND, txid, peer, payloadLength);
    }

    private static void writeHead(ByteBuf out, StunMethod method, TransactionId txid, InetSocketAddress peer,
                                  int payloadLength) {
        byte[] ip = peer.getAddress().getAddress();
        if (peer.getAddress() instanceof Inet4Address) {
            int v = ((ip[0] & 0xFF) << 24) | ((ip[1] & 0xFF) << 16) | ((ip[2] & 0xFF) << 8) | (ip[3] & 0xFF);
            writeHead(out, method, txid.high(), txid.low(), v, null, peer.getPort(), payloadLength);
        } else {
            writeHead(out, method, txid.high(), txid.low(), 0, ip, peer.getPort(), payloadLength);
        }
    }

    private static void writeHead(ByteBuf out, StunMethod method, long txHigh, int txLow, int ipv4, byte[] ipv6,
                                  int port, int payloadLength) {
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD || (ipv6 != null && ipv6.length != 16)) {
            throw new IllegalArgumentException("bad payload length " + payloadLength + " or address");
        }
        int addressLength = ipv6 == null ? 8 : 20;
        int length = 4 + addressLength + 4 + payloadLength + paddingLength(payloadLength);
        out.writeShort(MessageType.of(method.code(), StunClass.INDICATION)).writeShort(length)
                .writeInt(StunDecoder.MAGIC_COOKIE).writeLong(txHigh).writeInt(txLow);
        // RFC 8656 §18.3 / RFC 8489 §14.2: XOR-PEER-ADDRESS.
        out.writeShort(AttributeType.XOR_PEER_ADDRESS.code()).writeShort(addressLength)
                .writeByte(0).writeByte(ipv6 == null ? 0x01 : 0x02).writeShort(port ^ (StunDecoder.MAGIC_COOKIE >>> 16));
        if (ipv6 == null) {
            out.writeInt(ipv4 ^ StunDecoder.MAGIC_COOKIE);
        } else {
            out.writeInt(((ipv6[0] & 0xFF) << 24 | (ipv6[1] & 0xFF) << 16 | (ipv6[2] & 0xFF) << 8 | (ipv6[3] & 0xFF))
                    ^ StunDecoder.MAGIC_COOKIE);
            for (int i = 4; i < 12; i++) {
                out.writeByte(ipv6[i] ^ (int) (txHigh >>> (56 - 8 * (i - 4))));
            }
            for (int i = 12; i < 16; i++) {
                out.writeByte(ipv6[i] ^ (txLow >>> (24 - 8 * (i - 12))));
            }
        }
        out.writeShort(AttributeType.DATA.code()).writeShort(payloadLength);
    }
}
