package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * CONNECTION-ID (RFC 6062 §6.2.1): the unsigned 32-bit identifier of a peer TCP connection.
 *
 * @param id the value
 */
public record ConnectionId(long id) implements StunAttribute {
    /** Validates the range of the value. */
    public ConnectionId {
        if (!(id >= 0 && id <= 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("CONNECTION-ID out of range: " + id);
        }
    }

    static ConnectionId decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new ConnectionId(buf.getUnsignedInt(index));
    }

    @Override
    public int type() {
        return AttributeType.CONNECTION_ID.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeInt((int) id);
    }
}
