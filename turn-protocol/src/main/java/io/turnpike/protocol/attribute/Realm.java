package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * REALM (RFC 8489 §14.9): the realm of long-term credentials; fewer than 128 characters (763 bytes).
 *
 * @param value the text (UTF-8 on the wire, at most 763 bytes)
 */
public record Realm(String value) implements StunAttribute {
    /** Validates the length limit. */
    public Realm {
        Texts.requireWithin(value, Texts.MAX_TEXT, "REALM");
    }

    static Realm decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new Realm(Texts.read(buf, index, length, Texts.MAX_TEXT));
    }

    @Override
    public int type() {
        return AttributeType.REALM.code();
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
