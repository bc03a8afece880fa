package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * DATA (RFC 8656 §18.4): the application payload of a Send or Data indication.
 *
 * <p>Ownership: a decoded {@code Data} holds a slice of the decoded buffer that is <b>not retained</b>;
 * it is valid only while that buffer is, and must not be released by the holder. A {@code Data} built
 * for encoding is copied into the output by the encoder, which neither retains nor releases the payload.
 * The relay hot path does not use this record: see {@link io.turnpike.protocol.SendIndication} and
 * {@link io.turnpike.protocol.DataIndication}.
 *
 * @param payload the payload bytes between its reader and writer index
 */
public record Data(ByteBuf payload) implements StunAttribute {
    /** Requires a payload no longer than a STUN attribute can be. */
    public Data {
        if (payload == null || payload.readableBytes() > 0xFFFF) {
            throw new IllegalArgumentException("DATA payload must be present and at most 65535 bytes");
        }
    }

    static Data decode(ByteBuf buf, int index, int length, TransactionId txid) {
        return new Data(buf.slice(index, length));
    }

    @Override
    public int type() {
        return AttributeType.DATA.code();
    }

    @Override
    public int valueLength() {
        return payload.readableBytes();
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    }

    /** Equal when the payload bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Data d && io.netty.buffer.ByteBufUtil.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return io.netty.buffer.ByteBufUtil.hashCode(payload);
    }

    /** Shows the length only: the buffer may already be released when this is printed. */
    @Override
    public String toString() {
        return "Data[" + payload.readableBytes() + " bytes]";
    }
}
