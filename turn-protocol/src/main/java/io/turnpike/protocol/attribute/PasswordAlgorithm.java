package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.turnpike.protocol.DecodeError;
import io.turnpike.protocol.TransactionId;
import java.util.Arrays;

/**
 * PASSWORD-ALGORITHM (RFC 8489 §14.12): the algorithm the client chose for the long-term key; also the
 * element of {@link PasswordAlgorithms}.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Algorithm           |  Algorithm Parameters Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Algorithm Parameters (variable)            |
 * </pre>
 *
 * @param algorithm  {@link #MD5} or {@link #SHA256} (others are carried but unknown)
 * @param parameters the parameters (empty for both defined algorithms); the record keeps a copy
 */
public record PasswordAlgorithm(int algorithm, byte[] parameters) implements StunAttribute {
    /** RFC 8489 §18.5: MD5 (the RFC 5389 key). */
    public static final int MD5 = 0x0001;
    /** RFC 8489 §18.5: SHA-256. */
    public static final int SHA256 = 0x0002;

    /** Validates ranges and copies the parameters. */
    public PasswordAlgorithm {
        if ((algorithm & ~0xFFFF) != 0 || parameters == null || parameters.length > 0xFFFF - 4) {
            throw new IllegalArgumentException("bad password algorithm");
        }
        parameters = parameters.clone();
    }

    /** An algorithm without parameters. */
    public PasswordAlgorithm(int algorithm) {
        this(algorithm, new byte[0]);
    }

    static PasswordAlgorithm decode(ByteBuf buf, int index, int length, TransactionId txid)
            throws InvalidAttributeException {
        PasswordAlgorithm a = readOne(buf, index, length);
        if (a.encodedLength() - padding(a.parameters.length) != length) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "PASSWORD-ALGORITHM length");
        }
        return a;
    }

    /** Reads one entry at {@code index} with {@code available} bytes left. */
    static PasswordAlgorithm readOne(ByteBuf buf, int index, int available) throws InvalidAttributeException {
        if (available < 4) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "algorithm entry < 4");
        }
        int paramsLength = buf.getUnsignedShort(index + 2);
        if (4 + paramsLength > available) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "algorithm params overrun");
        }
        byte[] params = new byte[paramsLength];
        buf.getBytes(index + 4, params);
        return new PasswordAlgorithm(buf.getUnsignedShort(index), params);
    }

    /** Bytes this entry takes inside PASSWORD-ALGORITHMS, parameters padded to 4. */
    int encodedLength() {
        return 4 + parameters.length + padding(parameters.length);
    }

    static int padding(int length) {
        return -length & 3;
    }

    /** Writes the entry; {@code padded} adds zero padding after the parameters (list form). */
    void writeEntry(ByteBuf out, boolean padded) {
        out.writeShort(algorithm).writeShort(parameters.length).writeBytes(parameters);
        if (padded) {
            out.writeZero(padding(parameters.length));
        }
    }

    /** A copy of the parameters. */
    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    @Override
    public int type() {
        return AttributeType.PASSWORD_ALGORITHM.code();
    }

    @Override
    public int valueLength() {
        return 4 + parameters.length;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        writeEntry(out, false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordAlgorithm p && p.algorithm == algorithm && Arrays.equals(p.parameters, parameters);
    }

    @Override
    public int hashCode() {
        return algorithm * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return "PasswordAlgorithm[" + algorithm + " " + ByteBufUtil.hexDump(parameters) + "]";
    }
}
