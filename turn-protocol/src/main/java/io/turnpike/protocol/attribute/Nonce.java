package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * NONCE (RFC 8489 §14.10): the server's nonce; fewer than 128 characters (763 bytes).
 *
 * @param value the text (UTF-8 on the wire, at most 763 bytes)
 */
public record Nonce(String value) implements StunAttribute {
    /** Validates the length limit. */
    public Nonce {
        Texts.requireWithin(value, Texts.MAX_TEXT, "NONCE");
    }

    static Nonce decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new Nonce(Texts.read(buf, index, length, Texts.MAX_TEXT));
    }

    @Override
    public int type() {
        return AttributeType.NONCE.code();
    }

    @Override
    public int valueLength() {
        return Texts.length(value);
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        Texts.write(out, value);
    }
}
