package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * LIFETIME (RFC 8656 §18.2): the requested or granted allocation lifetime in seconds, an unsigned 32-bit number.
 *
 * @param seconds the value
 */
public record Lifetime(long seconds) implements StunAttribute {
    /** Validates the range of the value. */
    public Lifetime {
        if (!(seconds >= 0 && seconds <= 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("LIFETIME out of range: " + seconds);
        }
    }

    static Lifetime decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new Lifetime(buf.getUnsignedInt(index));
    }

    @Override
    public int type() {
        return AttributeType.LIFETIME.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeInt((int) seconds);
    }
}
