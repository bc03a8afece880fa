package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * ICMP (RFC 8656 §18.13): an ICMP error the server received for relayed traffic, sent in a Data
 * indication.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Reserved                     |  ICMP Type  |  ICMP Code      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Error Data                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param icmpType  the ICMP type (0..255)
 * @param icmpCode  the ICMP code (0..255)
 * @param errorData the 32-bit error data (e.g. the MTU for "fragmentation needed")
 */
public record Icmp(int icmpType, int icmpCode, int errorData) implements StunAttribute {
    /** Validates the byte ranges. */
    public Icmp {
        if ((icmpType & ~0xFF) != 0 || (icmpCode & ~0xFF) != 0) {
            throw new IllegalArgumentException("ICMP type and code are bytes");
        }
    }

    static Icmp decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new Icmp(buf.getUnsignedByte(index + 2), buf.getUnsignedByte(index + 3), buf.getInt(index + 4));
    }

    @Override
    public int type() {
        return AttributeType.ICMP.code();
    }

    @Override
    public int valueLength() {
        return 8;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeShort(0).writeByte(icmpType).writeByte(icmpCode).writeInt(errorData);
    }
}
