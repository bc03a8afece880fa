package io.turnpike.server.events;

/** Why an allocation ended. Bounded, so safe as a metrics label. */
public enum CloseReason {
    /** Lifetime ran out without a Refresh. */
    EXPIRED,
    /** Client sent Refresh with LIFETIME 0 (RFC 8656 §8.2). */
    DELETED,
    /** The TCP/TLS connection carrying it closed. */
    CONNECTION_CLOSED,
    /** Its credential was revoked. */
    REVOKED,
    /** The server is shutting down. */
    SHUTDOWN;

    /** Lower-case label value for metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
