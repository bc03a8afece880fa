package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.util.Arrays;

/**
 * MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256, possibly truncated to 16..32 bytes in steps of 4. Verified by {@link io.turnpike.protocol.MessageIntegrityCheck}; computed by the encoder.
 *
 * @param value the value bytes (the record keeps its own copy)
 */
public record MessageIntegritySha256(byte[] value) implements StunAttribute {
    /** Validates the length and copies the array, so the record stays immutable. */
    public MessageIntegritySha256 {
        if (value == null || !(value.length >= 16 && value.length <= 32 && value.length % 4 == 0)) {
            throw new IllegalArgumentException("bad MESSAGE-INTEGRITY-SHA256 length");
        }
        value = value.clone();
    }

    static MessageIntegritySha256 decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        if (length < 16 || length > 32 || length % 4 != 0) {
            // RFC 8489 §14.6: at least 16 bytes, at most 32, a multiple of 4.
            throw new InvalidAttributeException(io.turnpike.protocol.DecodeError.Kind.BAD_ATTRIBUTE_LENGTH,
                    "MESSAGE-INTEGRITY-SHA256 length " + length);
        }
        byte[] v = new byte[length];
        buf.getBytes(index, v);
        return new MessageIntegritySha256(v);
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int type() {
        return AttributeType.MESSAGE_INTEGRITY_SHA256.code();
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageIntegritySha256 other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "MessageIntegritySha256[" + io.netty.buffer.ByteBufUtil.hexDump(value) + "]";
    }
}
