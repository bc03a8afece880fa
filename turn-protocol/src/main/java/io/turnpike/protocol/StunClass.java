package io.turnpike.protocol;

/** The two class bits of a STUN message type (RFC 8489 §5): C1 C0. */
public enum StunClass {
    /** 0b00. */
    REQUEST(0b00),
    /** 0b01. */
    INDICATION(0b01),
    /** 0b10. */
    SUCCESS_RESPONSE(0b10),
    /** 0b11. */
    ERROR_RESPONSE(0b11);

    private static final StunClass[] BY_BITS = values();

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    /** The class as a two-bit number (C1 C0), before interleaving into the message type. */
    public int bits() {
        return bits;
    }

    /** The class for the two bits C1 C0 (only the low two bits of {@code bits} are used). */
    public static StunClass fromBits(int bits) {
        return BY_BITS[bits & 0b11];
    }

    /** True for success and error responses. */
    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }
}
