package io.turnpike.server.allocation;

import java.net.InetSocketAddress;

/**
 * One channel binding (RFC 8656 §12): channel number, peer transport address and expiry. The peer
 * address object is created once when binding, so relaying ChannelData to it allocates none.
 */
public final class ChannelBinding {
    private final int number;
    private final InetSocketAddress peer;
    private final long peerKey;
    long expiresAtMillis;

    ChannelBinding(int number, InetSocketAddress peer, long peerKey, long expiresAtMillis) {
        this.number = number;
        this.peer = peer;
        this.peerKey = peerKey;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** The channel number, 0x4000..0x4FFF. */
    public int number() {
        return number;
    }

    /** The peer's transport address. */
    public InetSocketAddress peer() {
        return peer;
    }

    /** The packed peer key ({@link ChannelBindings#peerKey}). */
    public long peerKey() {
        return peerKey;
    }

    /** When it expires unless refreshed. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** Whether it is still bound at {@code nowMillis}. */
    public boolean live(long nowMillis) {
        return expiresAtMillis > nowMillis;
    }
}
