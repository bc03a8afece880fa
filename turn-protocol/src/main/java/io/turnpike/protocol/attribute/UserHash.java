package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.util.Arrays;

/**
 * USERHASH (RFC 8489 §14.4): SHA-256 of the OpaqueString-prepared "username:realm", sent instead of USERNAME for anonymity.
 *
 * @param value the value bytes (the record keeps its own copy)
 */
public record UserHash(byte[] value) implements StunAttribute {
    /** Validates the length and copies the array, so the record stays immutable. */
    public UserHash {
        if (value == null || !(value.length == 32)) {
            throw new IllegalArgumentException("bad USERHASH length");
        }
        value = value.clone();
    }

    static UserHash decode(ByteBuf buf, int index, int length, TransactionId txid) {
        byte[] v = new byte[length];
        buf.getBytes(index, v);
        return new UserHash(v);
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int type() {
        return AttributeType.USERHASH.code();
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
        return o instanceof UserHash other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UserHash[" + io.netty.buffer.ByteBufUtil.hexDump(value) + "]";
    }
}
