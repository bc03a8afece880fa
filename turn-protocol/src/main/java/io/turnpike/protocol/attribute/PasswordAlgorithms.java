package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;
import java.util.ArrayList;
import java.util.List;

/**
 * PASSWORD-ALGORITHMS (RFC 8489 §14.11): the algorithms the server supports, in order of preference;
 * each entry is a PASSWORD-ALGORITHM value whose parameters are padded to 4 bytes.
 *
 * @param algorithms the entries (non-empty on the wire in practice; empty is representable)
 */
public record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements StunAttribute {
    /** Copies the list. */
    public PasswordAlgorithms {
        algorithms = List.copyOf(algorithms);
    }

    static PasswordAlgorithms decode(ByteBuf buf, int index, int length, TransactionId txid)
            throws InvalidAttributeException {
        List<PasswordAlgorithm> list = new ArrayList<>(2);
        int pos = 0;
        while (pos < length) {
            PasswordAlgorithm a = PasswordAlgorithm.readOne(buf, index + pos, length - pos);
            // The last entry's padding may coincide with the attribute's own padding.
            pos += Math.min(a.encodedLength(), length - pos);
            list.add(a);
        }
        return new PasswordAlgorithms(list);
    }

    @Override
    public int type() {
        return AttributeType.PASSWORD_ALGORITHMS.code();
    }

    @Override
    public int valueLength() {
        int n = 0;
        for (PasswordAlgorithm a : algorithms) {
            n += a.encodedLength();
        }
        return n;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        for (PasswordAlgorithm a : algorithms) {
            a.writeEntry(out, true);
        }
    }
}
