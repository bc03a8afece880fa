package io.turnpike.protocol;

import java.util.List;

/**
 * The outcome of {@link StunDecoder#decode}: either a message (with where MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT sit in the raw bytes, for {@link MessageIntegrityCheck})
 * or a {@link DecodeError}. Offsets are relative to the first byte of the message.
 */
public final class DecodeResult {
    private final StunMessage message;
    private final DecodeError error;
    private final int messageLength;
    private final int integrityOffset;
    private final int integritySha256Offset;
    private final int fingerprintOffset;
    private final List<Integer> duplicateAttributeTypes;
    private final List<Integer> ignoredAttributeTypes;

    private DecodeResult(StunMessage message, DecodeError error, int messageLength, int integrityOffset,
                         int integritySha256Offset, int fingerprintOffset, List<Integer> duplicates,
                         List<Integer> ignored) {
        this.message = message;
        this.error = error;
        this.messageLength = messageLength;
        this.integrityOffset = integrityOffset;
        this.integritySha256Offset = integritySha256Offset;
        this.fingerprintOffset = fingerprintOffset;
        this.duplicateAttributeTypes = duplicates;
        this.ignoredAttributeTypes = ignored;
    }

    static DecodeResult success(StunMessage message, int messageLength, int integrityOffset,
                                int integritySha256Offset, int fingerprintOffset, List<Integer> duplicates,
                                List<Integer> ignored) {
        return new DecodeResult(message, null, messageLength, integrityOffset, integritySha256Offset,
                fingerprintOffset, List.copyOf(duplicates), List.copyOf(ignored));
    }

    static DecodeResult failure(DecodeError error) {
        return new DecodeResult(null, error, -1, -1, -1, -1, List.of(), List.of());
    }

    /** True when a message was decoded. */
    public boolean isSuccess() {
        return message != null;
    }

    /** The message; null on failure. */
    public StunMessage message() {
        return message;
    }

    /** The error; null on success. */
    public DecodeError error() {
        return error;
    }

    /** Total length of the message in bytes (20 + length field); -1 on failure. */
    public int messageLength() {
        return messageLength;
    }

    /** Offset of the MESSAGE-INTEGRITY attribute header from the message start, or -1. */
    public int integrityOffset() {
        return integrityOffset;
    }

    /** Offset of the MESSAGE-INTEGRITY-SHA256 attribute header from the message start, or -1. */
    public int integritySha256Offset() {
        return integritySha256Offset;
    }

    /** Offset of the FINGERPRINT attribute header from the message start, or -1. */
    public int fingerprintOffset() {
        return fingerprintOffset;
    }

    /**
     * Types of attributes that repeated an earlier one and were dropped (first occurrence wins,
     * RFC 8489 §14); XOR-PEER-ADDRESS may repeat and is never listed. In order of appearance.
     */
    public List<Integer> duplicateAttributeTypes() {
        return duplicateAttributeTypes;
    }

    /**
     * Types of attributes that followed MESSAGE-INTEGRITY(-SHA256) and were therefore ignored
     * (RFC 8489 §14.5, §14.6). In order of appearance.
     */
    public List<Integer> ignoredAttributeTypes() {
        return ignoredAttributeTypes;
    }

    @Override
    public String toString() {
        return isSuccess() ? "DecodeResult[" + message + "]" : "DecodeResult[" + error + "]";
    }
}
