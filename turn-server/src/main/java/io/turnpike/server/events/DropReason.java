package io.turnpike.server.events;

/** Why a packet was dropped instead of relayed. Bounded, so safe as a metrics label. */
public enum DropReason {
    /** Peer has no permission on the allocation (RFC 8656 §9). */
    NO_PERMISSION,
    /** ChannelData on a channel that is not bound (RFC 8656 §12.6). */
    UNBOUND_CHANNEL,
    /** The allocation's bandwidth budget is spent. */
    QUOTA,
    /** The peer address is refused by the peer filter. */
    FILTER,
    /** The packet could not be decoded. */
    MALFORMED,
    /** No allocation exists for the 5-tuple. */
    NO_ALLOCATION,
    /** Rate limit for unauthenticated requests. */
    RATE_LIMITED;

    /** Lower-case label value for metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
