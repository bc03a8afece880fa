package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11): encoded like REQUESTED-ADDRESS-FAMILY; only 0x02 (IPv6) is valid in an Allocate request, which the server checks.
 *
 * @param family the value
 */
public record AdditionalAddressFamily(int family) implements StunAttribute {
    /** Validates the range of the value. */
    public AdditionalAddressFamily {
        if (!(family >= 0 && family <= 0xFF)) {
            throw new IllegalArgumentException("ADDITIONAL-ADDRESS-FAMILY out of range: " + family);
        }
    }

    static AdditionalAddressFamily decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new AdditionalAddressFamily(buf.getUnsignedByte(index));
    }

    @Override
    public int type() {
        return AttributeType.ADDITIONAL_ADDRESS_FAMILY.code();
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
