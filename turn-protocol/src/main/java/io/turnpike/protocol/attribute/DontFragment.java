package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/** DONT-FRAGMENT (RFC 8656 §18.8): no value; asks the server to set DF on relayed UDP. */
public record DontFragment() implements StunAttribute {
    static DontFragment decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new DontFragment();
    }

    @Override
    public int type() {
        return AttributeType.DONT_FRAGMENT.code();
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        // No value.
    }
}
