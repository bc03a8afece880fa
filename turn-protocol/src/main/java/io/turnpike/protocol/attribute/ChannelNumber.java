package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * CHANNEL-NUMBER (RFC 8656 §18.1): the channel number in the high 16 bits, then 16 RFFU bits. Any 16-bit value decodes; the server checks the range 0x4000–0x4FFF (§12) and answers 400.
 *
 * @param number the value
 */
public record ChannelNumber(int number) implements StunAttribute {
    /** Validates the range of the value. */
    public ChannelNumber {
        if (!(number >= 0 && number <= 0xFFFF)) {
            throw new IllegalArgumentException("CHANNEL-NUMBER out of range: " + number);
        }
    }

    static ChannelNumber decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new ChannelNumber(buf.getUnsignedShort(index));
    }

    @Override
    public int type() {
        return AttributeType.CHANNEL_NUMBER.code();
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeShort(number).writeShort(0);
    }
}
