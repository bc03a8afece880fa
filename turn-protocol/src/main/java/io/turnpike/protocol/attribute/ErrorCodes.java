package io.turnpike.protocol.attribute;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeError;

/** The class/number split of an error code shared by ERROR-CODE and ADDRESS-ERROR-CODE. */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static void requireValid(int code) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code must be 300..699: " + code);
        }
    }

    /** Reads class (3 bits) and number (8 bits) from the 4th word byte pair at {@code index + 2}. */
    static int read(ByteBuf buf, int index) throws InvalidAttributeException {
        int cls = buf.getByte(index + 2) & 0x07;
        int number = buf.getUnsignedByte(index + 3);
        // RFC 8489 §14.8: class 3..6, number 0..99.
        if (cls < 3 || cls > 6 || number > 99) {
            throw new InvalidAttributeException(DecodeError.Kind.BAD_ATTRIBUTE_VALUE, "bad error code");
        }
        return cls * 100 + number;
    }

    /** Writes class and number as the low 11 bits of two bytes. */
    static void write(ByteBuf out, int code) {
        out.writeByte(code / 100).writeByte(code % 100);
    }
}
