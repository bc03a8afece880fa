package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.Random;

/**
 * The 96-bit STUN transaction id (RFC 8489 §5, §6.3.1), held as two primitives so that equality and
 * hashing need no array. Immutable.
 */
public final class TransactionId {
    /** Length of a transaction id on the wire. */
    public static final int LENGTH = 12;

    private final long high;
    private final int low;

    private TransactionId(long high, int low) {
        this.high = high;
        this.low = low;
    }

    /** The id whose first 8 bytes are {@code high} and last 4 bytes {@code low} (big-endian). */
    public static TransactionId of(long high, int low) {
        return new TransactionId(high, low);
    }

    /** The id held in 12 bytes. */
    public static TransactionId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("transaction id must be 12 bytes, got " + bytes.length);
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (bytes[i] & 0xFF);
        }
        int l = 0;
        for (int i = 8; i < 12; i++) {
            l = (l << 8) | (bytes[i] & 0xFF);
        }
        return new TransactionId(h, l);
    }

    /** Reads 12 bytes at {@code index} without moving indexes; the buffer stays the caller's. */
    public static TransactionId read(ByteBuf buf, int index) {
        return new TransactionId(buf.getLong(index), buf.getInt(index + 8));
    }

    /** A new id from the given random source (use a {@link SecureRandom} on a server). */
    public static TransactionId random(Random random) {
        return new TransactionId(random.nextLong(), random.nextInt());
    }

    /** Appends the 12 bytes to {@code out} (the caller owns {@code out}). */
    public void write(ByteBuf out) {
        out.writeLong(high).writeInt(low);
    }

    /** Writes the 12 bytes at {@code index} of {@code out} without moving indexes. */
    public void set(ByteBuf out, int index) {
        out.setLong(index, high).setInt(index + 8, low);
    }

    /** The first 8 bytes, big-endian. */
    public long high() {
        return high;
    }

    /** The last 4 bytes, big-endian. */
    public int low() {
        return low;
    }

    /** A fresh 12-byte copy. */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            b[8 + i] = (byte) (low >>> (24 - 8 * i));
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId t && t.high == high && t.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + low;
    }

    @Override
    public String toString() {
        return String.format("%016x%08x", high, low);
    }
}
