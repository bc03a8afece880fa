package io.turnpike.protocol;

import io.turnpike.protocol.attribute.ErrorCode;

/**
 * The error codes a STUN/TURN server sends, with the reason phrases of the RFCs (RFC 8489 §14.8,
 * RFC 8656 §19, RFC 6062, RFC 8016). Decoded ERROR-CODE attributes carry any code 300..699.
 */
public enum StunErrorCode {
    /** RFC 8489 §14.8. */
    TRY_ALTERNATE(300, "Try Alternate"),
    /** RFC 8489 §14.8: malformed request. */
    BAD_REQUEST(400, "Bad Request"),
    /** RFC 8489 §14.8: missing or wrong credentials. */
    UNAUTHENTICATED(401, "Unauthenticated"),
    /** RFC 8656 §19. */
    FORBIDDEN(403, "Forbidden"),
    /** RFC 8016. */
    MOBILITY_FORBIDDEN(405, "Mobility Forbidden"),
    /** RFC 8489 §14.8: send UNKNOWN-ATTRIBUTES too. */
    UNKNOWN_ATTRIBUTE(420, "Unknown Attribute"),
    /** RFC 8656 §19. */
    ALLOCATION_MISMATCH(437, "Allocation Mismatch"),
    /** RFC 8489 §14.8. */
    STALE_NONCE(438, "Stale Nonce"),
    /** RFC 8656 §19. */
    ADDRESS_FAMILY_NOT_SUPPORTED(440, "Address Family not Supported"),
    /** RFC 8656 §19. */
    WRONG_CREDENTIALS(441, "Wrong Credentials"),
    /** RFC 8656 §19. */
    UNSUPPORTED_TRANSPORT_PROTOCOL(442, "Unsupported Transport Protocol"),
    /** RFC 8656 §19. */
    PEER_ADDRESS_FAMILY_MISMATCH(443, "Peer Address Family Mismatch"),
    /** RFC 6062. */
    CONNECTION_ALREADY_EXISTS(446, "Connection Already Exists"),
    /** RFC 6062. */
    CONNECTION_TIMEOUT_OR_FAILURE(447, "Connection Timeout or Failure"),
    /** RFC 8656 §19. */
    ALLOCATION_QUOTA_REACHED(486, "Allocation Quota Reached"),
    /** RFC 8489 §14.8. */
    SERVER_ERROR(500, "Server Error"),
    /** RFC 8656 §19. */
    INSUFFICIENT_CAPACITY(508, "Insufficient Capacity");

    private final int code;
    private final String reason;
    private final ErrorCode attribute;

    StunErrorCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
        this.attribute = new ErrorCode(code, reason);
    }

    /** The numeric code. */
    public int code() {
        return code;
    }

    /** The RFC's reason phrase. */
    public String reason() {
        return reason;
    }

    /** The ERROR-CODE attribute for this code (a shared immutable instance). */
    public ErrorCode attribute() {
        return attribute;
    }

    /** The constant for a numeric code, or null. */
    public static StunErrorCode fromCode(int code) {
        for (StunErrorCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
