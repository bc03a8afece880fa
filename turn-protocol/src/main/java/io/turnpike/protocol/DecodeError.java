package io.turnpike.protocol;

import java.util.List;

/**
 * Why a byte sequence was not accepted as a STUN message. A value, never thrown: the server picks its
 * reaction from {@link #kind()} (silent drop, 400 Bad Request, or 420 Unknown Attribute with
 * {@link #unknownAttributes()}).
 *
 * @param kind              what was wrong
 * @param messageType       the 14-bit message type, or -1 when the header was unreadable
 * @param transactionId     the transaction id, or null when the header was unreadable
 * @param attributeType     the type of the attribute at fault, or -1 when no single attribute was
 * @param unknownAttributes for {@link Kind#UNKNOWN_ATTRIBUTES}: the comprehension-required attribute
 *                          types the codec does not understand (distinct, in order of appearance,
 *                          at most {@link StunDecoder#MAX_REPORTED_UNKNOWN}); otherwise empty
 */
public record DecodeError(Kind kind, int messageType, TransactionId transactionId, int attributeType,
                          List<Integer> unknownAttributes) {

    /** The kinds of decode failure. */
    public enum Kind {
        /** Fewer than 20 bytes: not even a header (RFC 8489 §5). Drop silently. */
        TRUNCATED_HEADER,
        /** The two most significant bits are not zero (RFC 8489 §5). Not STUN; drop. */
        NOT_STUN,
        /** The magic cookie is not 0x2112A442 (RFC 8489 §5). Drop (RFC 3489 clients are not served). */
        BAD_MAGIC_COOKIE,
        /** The message length is not a multiple of 4 (RFC 8489 §5). Drop. */
        BAD_LENGTH,
        /** The message length disagrees with the bytes available (truncated or trailing bytes). */
        LENGTH_MISMATCH,
        /** An attribute header or value runs past the end of the message (RFC 8489 §14). */
        ATTRIBUTE_OVERRUN,
        /** A fixed-size attribute has the wrong length, or a variable one exceeds its limit. */
        BAD_ATTRIBUTE_LENGTH,
        /** An address attribute has an unknown family or a length that does not fit it (RFC 8489 §14.1). */
        BAD_ADDRESS_FAMILY,
        /** An attribute value is malformed (e.g. ERROR-CODE class outside 3..6). Answer 400. */
        BAD_ATTRIBUTE_VALUE,
        /** Something follows FINGERPRINT, which must be last (RFC 8489 §14.7). */
        ATTRIBUTE_AFTER_FINGERPRINT,
        /** FINGERPRINT does not match the CRC-32 of the message (RFC 8489 §14.7). Drop. */
        BAD_FINGERPRINT,
        /** Unknown comprehension-required attributes (RFC 8489 §6.3.1.1): answer 420 to a request. */
        UNKNOWN_ATTRIBUTES
    }

    /** Canonical constructor; copies the list. */
    public DecodeError {
        unknownAttributes = List.copyOf(unknownAttributes);
    }

    /** True when the message header (type and transaction id) could be read. */
    public boolean hasHeader() {
        return transactionId != null;
    }

    /** The 12-bit method code, or -1 when the header was unreadable. */
    public int methodCode() {
        return messageType < 0 ? -1 : MessageType.methodCode(messageType);
    }

    /** The message class, or null when the header was unreadable. */
    public StunClass messageClass() {
        return messageType < 0 ? null : MessageType.messageClass(messageType);
    }
}
