package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6): the family (0x01 IPv4, 0x02 IPv6) in the first byte, then 24 RFFU bits. Other values decode; the server answers 440.
 *
 * @param family the value
 */
public record RequestedAddressFamily(int family) implements StunAttribute {
    /** Validates the range of the value. */
    public RequestedAddressFamily {
        if (!(family >= 0 && family <= 0xFF)) {
            throw new IllegalArgumentException("REQUESTED-ADDRESS-FAMILY out of range: " + family);
        }
    }

    static RequestedAddressFamily decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new RequestedAddressFamily(buf.getUnsignedByte(index));
    }

    @Override
    public int type() {
        return AttributeType.REQUESTED_ADDRESS_FAMILY.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeByte(family).writeMedium(0);
    }
}
