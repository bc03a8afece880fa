package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to this attribute, XOR 0x5354554e. Must be last. The decoder checks it; the encoder computes it (an instance in a built message is ignored by the encoder).
 *
 * @param crc the value
 */
public record Fingerprint(long crc) implements StunAttribute {
    /** Validates the range of the value. */
    public Fingerprint {
        if (!(crc >= 0 && crc <= 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("FINGERPRINT out of range: " + crc);
        }
    }

    static Fingerprint decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new Fingerprint(buf.getUnsignedInt(index));
    }

    @Override
    public int type() {
        return AttributeType.FINGERPRINT.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeInt((int) crc);
    }
}
