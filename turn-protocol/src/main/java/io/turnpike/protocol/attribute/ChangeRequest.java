package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * CHANGE-REQUEST (RFC 5780 §7.2): 32 bits of which bit 0x4 (A) asks to change the IP and bit 0x2 (B)
 * the port of the response.
 *
 * @param changeIp   the "change IP" flag
 * @param changePort the "change port" flag
 */
public record ChangeRequest(boolean changeIp, boolean changePort) implements StunAttribute {
    static ChangeRequest decode(ByteBuf buf, int index, int length, TransactionId txid) {
        int v = buf.getInt(index);
        return new ChangeRequest((v & 0x4) != 0, (v & 0x2) != 0);
    }

    @Override
    public int type() {
        return AttributeType.CHANGE_REQUEST.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeInt((changeIp ? 0x4 : 0) | (changePort ? 0x2 : 0));
    }
}
