package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * REQUESTED-TRANSPORT (RFC 8656 §18.7): the IANA protocol number (17 UDP, 6 TCP per RFC 6062) in the first byte, then 24 RFFU bits.
 *
 * @param protocol the value
 */
public record RequestedTransport(int protocol) implements StunAttribute {
    /** Validates the range of the value. */
    public RequestedTransport {
        if (!(protocol >= 0 && protocol <= 0xFF)) {
            throw new IllegalArgumentException("REQUESTED-TRANSPORT out of range: " + protocol);
        }
    }

    static RequestedTransport decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new RequestedTransport(buf.getUnsignedByte(index));
    }

    @Override
    public int type() {
        return AttributeType.REQUESTED_TRANSPORT.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeByte(protocol).writeMedium(0);
    }
}
