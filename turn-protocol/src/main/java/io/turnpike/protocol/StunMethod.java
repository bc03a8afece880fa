package io.turnpike.protocol;

/**
 * STUN methods known to Turnpike (RFC 8489 §18.2, RFC 8656 §17, RFC 6062 §6.1).
 * A message with another method code still decodes; {@link StunMessage#method()} is then null.
 */
public enum StunMethod {
    /** RFC 8489 §18.2. */
    BINDING(0x001),
    /** RFC 8656 §17: Allocate (request/response only). */
    ALLOCATE(0x003),
    /** RFC 8656 §17: Refresh (request/response only). */
    REFRESH(0x004),
    /** RFC 8656 §17: Send (indication only). */
    SEND(0x006),
    /** RFC 8656 §17: Data (indication only). */
    DATA(0x007),
    /** RFC 8656 §17: CreatePermission (request/response only). */
    CREATE_PERMISSION(0x008),
    /** RFC 8656 §17: ChannelBind (request/response only). */
    CHANNEL_BIND(0x009),
    /** RFC 6062 §6.1: Connect. */
    CONNECT(0x00A),
    /** RFC 6062 §6.1: ConnectionBind. */
    CONNECTION_BIND(0x00B),
    /** RFC 6062 §6.1: ConnectionAttempt (indication only). */
    CONNECTION_ATTEMPT(0x00C);

    private static final StunMethod[] BY_CODE = new StunMethod[0x00D];

    static {
        for (StunMethod m : values()) {
            BY_CODE[m.code] = m;
        }
    }

    private final int code;

    StunMethod(int code) {
        this.code = code;
    }

    /** The 12-bit method number. */
    public int code() {
        return code;
    }

    /** The method with this 12-bit code, or null when Turnpike does not know it. Allocation-free. */
    public static StunMethod fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
