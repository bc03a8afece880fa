package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeError;
import io.turnpike.protocol.TransactionId;
import java.util.ArrayList;
import java.util.List;

/**
 * UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): the 16-bit types a 420 error response did not understand.
 *
 * @param types attribute types, each 0..0xFFFF
 */
public record UnknownAttributes(List<Integer> types) implements StunAttribute {
    /** Validates and copies the list. */
    public UnknownAttributes {
        types = List.copyOf(types);
        for (int t : types) {
            if (t < 0 || t > 0xFFFF) {
                throw new IllegalArgumentException("attribute type out of range: " + t);
            }
        }
    }

    static UnknownAttributes decode(ByteBuf buf, int index, int length, TransactionId txid)
            throws InvalidAttributeException {
        if (length % 2 != 0) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "odd UNKNOWN-ATTRIBUTES");
        }
        List<Integer> types = new ArrayList<>(length / 2);
        for (int i = 0; i < length; i += 2) {
            types.add(buf.getUnsignedShort(index + i));
        }
        return new UnknownAttributes(types);
    }

    @Override
    public int type() {
        return AttributeType.UNKNOWN_ATTRIBUTES.code();
    }

    @Override
    public int valueLength() {
        return 2 * types.size();
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        for (int t : types) {
            out.writeShort(t);
        }
    }
}
