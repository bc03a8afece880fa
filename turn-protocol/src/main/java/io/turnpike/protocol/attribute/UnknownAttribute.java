package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.turnpike.protocol.TransactionId;
import java.util.Arrays;

/**
 * An attribute kept raw: a type the codec has no record for (or knows only by name, like the ICE
 * attributes). Comprehension-required unknown types make the decoder report
 * {@link io.turnpike.protocol.DecodeError.Kind#UNKNOWN_ATTRIBUTES} (RFC 8489 §6.3.1.1).
 *
 * @param attributeType the 16-bit type
 * @param value         the value bytes without padding (the record keeps its own copy)
 */
public record UnknownAttribute(int attributeType, byte[] value) implements StunAttribute {
    /** Validates the type and copies the array. */
    public UnknownAttribute {
        if (attributeType < 0 || attributeType > 0xFFFF || value == null || value.length > 0xFFFF) {
            throw new IllegalArgumentException("bad raw attribute");
        }
        value = value.clone();
    }

    static UnknownAttribute read(int type, ByteBuf buf, int index, int length) {
        byte[] v = new byte[length];
        buf.getBytes(index, v);
        return new UnknownAttribute(type, v);
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int type() {
        return attributeType;
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
        return o instanceof UnknownAttribute other && other.attributeType == attributeType
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return attributeType * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("UnknownAttribute[0x%04x %s]", attributeType, ByteBufUtil.hexDump(value));
    }
}
