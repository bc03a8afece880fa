package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * ALTERNATE-DOMAIN (RFC 8489 §14.16): the domain name of the alternate server, for TLS certificate checks.
 *
 * @param value the text (UTF-8 on the wire, at most 763 bytes)
 */
public record AlternateDomain(String value) implements StunAttribute {
    /** Validates the length limit. */
    public AlternateDomain {
        Texts.requireWithin(value, Texts.MAX_TEXT, "ALTERNATE-DOMAIN");
    }

    static AlternateDomain decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        return new AlternateDomain(Texts.read(buf, index, length, Texts.MAX_TEXT));
    }

    @Override
    public int type() {
        return AttributeType.ALTERNATE_DOMAIN.code();
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
