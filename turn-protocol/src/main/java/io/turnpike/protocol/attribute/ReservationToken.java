package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.util.Arrays;

/**
 * RESERVATION-TOKEN (RFC 8656 §18.9): an 8-byte token naming a relayed address held in reserve (EVEN-PORT with R).
 *
 * @param value the value bytes (the record keeps its own copy)
 */
public record ReservationToken(byte[] value) implements StunAttribute {
    /** Validates the length and copies the array, so the record stays immutable. */
    public ReservationToken {
        if (value == null || !(value.length == 8)) {
            throw new IllegalArgumentException("bad RESERVATION-TOKEN length");
        }
        value = value.clone();
    }

    static ReservationToken decode(ByteBuf buf, int index, int length, TransactionId txid) {
        byte[] v = new byte[length];
        buf.getBytes(index, v);
        return new ReservationToken(v);
    }

    /** A copy of the value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int type() {
        return AttributeType.RESERVATION_TOKEN.code();
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
        return o instanceof ReservationToken other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ReservationToken[" + io.netty.buffer.ByteBufUtil.hexDump(value) + "]";
    }
}
