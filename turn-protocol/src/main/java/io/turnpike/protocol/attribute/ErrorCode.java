package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.TransactionId;

/**
 * ERROR-CODE (RFC 8489 §14.8):
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved, should be 0         |Class|     Number    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reason Phrase (variable)                                ..
 * </pre>
 *
 * @param code   300..699
 * @param reason UTF-8 reason phrase, at most 763 bytes
 */
public record ErrorCode(int code, String reason) implements StunAttribute {
    /** Validates code and reason. */
    public ErrorCode {
        ErrorCodes.requireValid(code);
        Texts.requireWithin(reason, Texts.MAX_TEXT, "reason phrase");
    }

    static ErrorCode decode(ByteBuf buf, int index, int length, TransactionId txid) throws InvalidAttributeException {
        if (length < 4) {
            throw new InvalidAttributeException(io.turnpike.protocol.DecodeError.Kind.BAD_ATTRIBUTE_LENGTH,
                    "ERROR-CODE shorter than 4");
        }
        int code = ErrorCodes.read(buf, index);
        return new ErrorCode(code, Texts.read(buf, index + 4, length - 4, Texts.MAX_TEXT));
    }

    @Override
    public int type() {
        return AttributeType.ERROR_CODE.code();
    }

    @Override
    public int valueLength() {
        return 4 + Texts.length(reason);
    }

    @Override
    public void writeValue(ByteBuf out, TransactionId transactionId) {
        out.writeShort(0);
        ErrorCodes.write(out, code);
        Texts.write(out, reason);
    }
}
