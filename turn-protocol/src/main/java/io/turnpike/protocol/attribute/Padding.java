package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * PADDING (RFC 5780 §7.6): filler used to test fragmentation; only its length matters (the value is
 * ignored on receipt and written as zeros).
 *
 * @param length the value length in bytes
 */
public record Padding(int length) implements StunAttribute {
    /** Validates the length. */
    public Padding {
        if (length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("padding length out of range: " + length);
        }
    }

    static Padding decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new Padding(length);
    }

    @Override
    public int type() {
        return AttributeType.PADDING.code();
    }

    @Override
    public int valueLength() {
        return length;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeZero(length);
    }
}
