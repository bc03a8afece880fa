package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * EVEN-PORT (RFC 8656 §18.4): one byte whose top bit R asks the server to reserve the next port too;
 * the other 7 bits are RFFU. The value is 1 byte followed by 3 bytes of padding.
 *
 * @param reserveNext the R flag
 */
public record EvenPort(boolean reserveNext) implements StunAttribute {
    static EvenPort decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new EvenPort((buf.getByte(index) & 0x80) != 0);
    }

    @Override
    public int type() {
        return AttributeType.EVEN_PORT.code();
    }

    @Override
    public int valueLength() {
        return 1;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeByte(reserveNext ? 0x80 : 0);
    }
}
