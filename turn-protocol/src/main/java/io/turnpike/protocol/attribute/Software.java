package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * SOFTWARE (RFC 8489 §14.14): the agent's software description; fewer than 128 characters (763 bytes).
 *
 * @param value the text (UTF-8 on the wire, at most 763 bytes)
 */
public record Software(String value) implements StunAttribute {
    /** Validates the length limit. */
    public Software {
        Texts.requireWithin(value, Texts.MAX_TEXT, "SOFTWARE");
    }

    static Software decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new Software(Texts.read(buf, index, length, Texts.MAX_TEXT));
    }

    @Override
    public int type() {
        return AttributeType.SOFTWARE.code();
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
