package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeError;
import io.turnpike.protocol.TransactionId;

/**
 * ADDRESS-ERROR-CODE (RFC 8656 §18.12): why the server did not allocate one of the requested families.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Family       |    Reserved             |Class|     Number    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reason Phrase (variable)                                ..
 * </pre>
 *
 * @param family 0x01 IPv4 or 0x02 IPv6
 * @param code   300..699 (e.g. 440, 508)
 * @param reason UTF-8 reason phrase
 */
public record AddressErrorCode(int family, int code, String reason) implements StunAttribute {
    /** Validates family, code and reason. */
    public AddressErrorCode {
        if (family != Addresses.FAMILY_IPV4 && family != Addresses.FAMILY_IPV6) {
            throw new IllegalArgumentException("family must be 1 or 2: " + family);
        }
        ErrorCodes.requireValid(code);
        Texts.requireWithin(reason, Texts.MAX_TEXT, "reason phrase");
    }

    static AddressErrorCode decode(ByteBuf buf, int index, int length, TransactionId txid)
            throws InvalidAttributeException {
        if (length < 4) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_LENGTH, "ADDRESS-ERROR-CODE < 4");
        }
        int family = buf.getUnsignedByte(index);
        if (family != Addresses.FAMILY_IPV4 && family != Addresses.FAMILY_IPV6) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ADDRESS_FAMILY, "family " + family);
        }
        int code = ErrorCodes.read(buf, index);
        return new AddressErrorCode(family, code, Texts.read(buf, index + 4, length - 4, Texts.MAX_TEXT));
    }

    @Override
    public int type() {
        return AttributeType.ADDRESS_ERROR_CODE.code();
    }

    @Override
    public int valueLength() {
        return 4 + Texts.length(reason);
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeByte(family).writeByte(0);
        ErrorCodes.write(out, code);
        Texts.write(out, reason);
    }
}
