package io.turnpike.server.events;

/** Why a request failed the long-term credential check. Bounded, so safe as a metrics label. */
public enum AuthFailure {
    /** No credentials yet: the normal first 401 challenge. */
    CHALLENGE,
    /** Unknown username. */
    UNKNOWN_USER,
    /** MESSAGE-INTEGRITY did not verify. */
    BAD_INTEGRITY,
    /** Nonce expired or from another address: 438. */
    STALE_NONCE,
    /** REST username whose expiry has passed. */
    EXPIRED,
    /** Credential revoked through the API. */
    REVOKED,
    /** Request malformed in its authentication attributes (400). */
    MALFORMED;

    /** Lower-case label value for metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
