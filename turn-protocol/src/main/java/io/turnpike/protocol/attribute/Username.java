package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * USERNAME (RFC 8489 §14.3): the user name for message integrity; less than 513 bytes.
 *
 * @param value the text (UTF-8 on the wire, at most 512 bytes)
 */
public record Username(String value) implements StunAttribute {
    /** Validates the length limit. */
    public Username {
        Texts.requireWithin(value, Texts.MAX_USERNAME, "USERNAME");
    }

    static Username decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new Username(Texts.read(buf, index, length, Texts.MAX_USERNAME));
    }

    @Override
    public int type() {
        return AttributeType.USERNAME.code();
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
