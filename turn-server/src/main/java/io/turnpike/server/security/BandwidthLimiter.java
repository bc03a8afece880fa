package io.turnpike.server.security;

/**
 * Per-allocation bandwidth limit (RFC 8656 §21.3.1: the server should limit the bandwidth it
 * relays for a client, discarding the excess at once): a {@link TokenBucket} in bytes per second
 * with one second of burst (at least 64 KiB, so that any single packet can pass). Packets over the
 * budget are dropped whole — never truncated — and counted, so the engine can report them as
 * {@code DropReason.QUOTA}.
 *
 * <p>TCP relays (RFC 6062) cannot drop bytes of a stream: they {@link #passPaced pass} what they read
 * whatever the budget, which may put it in debt, and stop reading until the debt is repaid. Both uses
 * draw on the same bucket, so an allocation has one budget whatever its transport.
 *
 * <p>Threading: owned by the allocation's event loop; not thread-safe, allocation-free.
 */
public final class BandwidthLimiter {

    /** Largest STUN/ChannelData payload, so a low rate never blocks a packet forever. */
    static final long MIN_BURST = 65_536;

    private final TokenBucket bucket;
    private long droppedPackets;
    private long droppedBytes;

    private BandwidthLimiter(TokenBucket bucket) {
        this.bucket = bucket;
    }

    /**
     * A limiter for one allocation, or {@code null} when {@code bytesPerSecond} is 0 (unlimited):
     * the engine then skips the check entirely instead of calling a no-op.
     */
    public static BandwidthLimiter create(long bytesPerSecond, long nowNanos) {
        if (bytesPerSecond <= 0) {
            return null;
        }
        return new BandwidthLimiter(new TokenBucket(bytesPerSecond, Math.max(bytesPerSecond, MIN_BURST), nowNanos));
    }

    /** True when a packet of {@code bytes} may be relayed now; otherwise it is counted as dropped. */
    public boolean tryPass(int bytes, long nowNanos) {
        if (bucket.tryConsume(bytes, nowNanos)) {
            return true;
        }
        droppedPackets++;
        droppedBytes += bytes;
        return false;
    }

    /**
     * Takes {@code bytes} already read from a TCP stream from the budget, even past it (they are
     * relayed anyway: a stream cannot lose bytes). Returns 0 while the budget holds, otherwise the
     * nanoseconds until the debt is repaid, for which the caller stops reading. Not counted as dropped.
     */
    public long passPaced(int bytes, long nowNanos) {
        return bucket.consumeAllowingDebt(bytes, nowNanos);
    }

    /** Nanoseconds until the budget is out of debt; 0 when it is not in debt. */
    public long nanosUntilRepaid(long nowNanos) {
        return bucket.nanosUntilNonNegative(nowNanos);
    }

    /** Packets dropped over the limit so far. */
    public long droppedPackets() {
        return droppedPackets;
    }

    /** Bytes dropped over the limit so far. */
    public long droppedBytes() {
        return droppedBytes;
    }
}
