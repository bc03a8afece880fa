package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.util.Arrays;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to this attribute with the length field adjusted. Verified by {@link io.turnpike.protocol.MessageIntegrityCheck}; the encoder computes it from a key (an instance in a built message is ignored by the encoder).
 *
 * @param value the value bytes (the record keeps its own copy)
 */
public record MessageIntegrity(byte[] value) implements StunAttribute {
    /** Validates the length and copies the array, so the record stays immutable. */
    public MessageIntegrity {
        if (value == null || !(value.length == 20)) {
            throw new IllegalArgumentException("bad MESSAGE-INTEGRITY length");
        }
        value = value.clone();
    }

    static MessageIntegrity decode(ByteBuf buf, int index, int length, TransactionId txid) {
        byte[] v = new byte[length];
        buf.getBytes(index, v);
        return new MessageIntegrity(v);
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int type() {
        return AttributeType.MESSAGE_INTEGRITY.code();
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
        return o instanceof MessageIntegrity other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "MessageIntegrity[" + io.netty.buffer.ByteBufUtil.hexDump(value) + "]";
    }
}
