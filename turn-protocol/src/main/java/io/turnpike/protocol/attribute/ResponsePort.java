package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * RESPONSE-PORT (RFC 5780 §7.5): the port the response should be sent to, then 16 bits of padding.
 *
 * @param port the value
 */
public record ResponsePort(int port) implements StunAttribute {
    /** Validates the range of the value. */
    public ResponsePort {
        if (!(port >= 0 && port <= 0xFFFF)) {
            throw new IllegalArgumentException("RESPONSE-PORT out of range: " + port);
        }
    }

    static ResponsePort decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new ResponsePort(buf.getUnsignedShort(index));
    }

    @Override
    public int type() {
        return AttributeType.RESPONSE_PORT.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeShort(port).writeShort(0);
    }
}
