package io.turnpike.protocol.attribute;

import io.turnpike.protocol.DecodeError;

/**
 * Thrown by attribute value decoders and caught by {@link io.turnpike.protocol.StunDecoder}, which turns
 * it into a {@link DecodeError}; it never leaves the decoder. Stackless, since malformed input is routine.
 */
public final class InvalidAttributeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DecodeError.Kind kind;

    /** An exception of the given kind with a short reason. */
    public InvalidAttributeException(DecodeError.Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    /** The decode error kind to report. */
    public DecodeError.Kind kind() {
        return kind;
    }
}
