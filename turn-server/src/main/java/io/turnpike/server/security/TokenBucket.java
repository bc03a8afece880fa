package io.turnpike.server.security;

/**
 * A token bucket on integer arithmetic: {@code rate} tokens per second refill up to {@code burst}
 * tokens. The level is kept in token-nanoseconds (tokens × 10^9), so refilling is one exact
 * multiplication of the elapsed nanoseconds by the rate — no floating point, no drift, no
 * allocation. Time is passed in by the caller ({@code System.nanoTime()} or a test clock).
 *
 * <p>Threading: not thread-safe and lock-free by design; each bucket is owned by the one event loop
 * that owns what it limits (an allocation, a table of sources).
 *
 * <p>The level may go below zero only through {@link #consumeAllowingDebt} (pacing a TCP stream);
 * {@link #tryConsume} then refuses until the debt is repaid, so a bucket never used with debt behaves
 * exactly as a plain token bucket.
 *
 * <p>Limits: {@code burst × 10^9} must fit a long, i.e. burst ≤ about 9.2 × 10^9 units.
 */
public final class TokenBucket {

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long rate;
    private final long capacity;
    /**
     * Deepest debt {@link #consumeAllowingDebt} records: {@code capacity - level} stays at most half
     * of a long, so that {@link #refill(long, long, long, long)} cannot overflow.
     */
    private final long minLevel;
    private long level;
    private long lastNanos;

    /**
     * A full bucket.
     *
     * @param ratePerSecond tokens added per second (&gt; 0)
     * @param burst         most tokens that can be spent at once (&gt; 0)
     * @param nowNanos      the current time
     */
    public TokenBucket(long ratePerSecond, long burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst <= 0 || burst > Long.MAX_VALUE / NANOS_PER_SECOND) {
            throw new IllegalArgumentException("rate and burst must be positive, burst at most 9.2e9");
        }
        this.rate = ratePerSecond;
        this.capacity = burst * NANOS_PER_SECOND;
        this.minLevel = Math.min(0, capacity - Long.MAX_VALUE / 2); // no debt for absurd bursts
        this.level = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code tokens} if that many are available; otherwise takes nothing and returns false. */
    public boolean tryConsume(long tokens, long nowNanos) {
        refill(nowNanos);
        long cost = tokens * NANOS_PER_SECOND;
        if (level < cost) {
            return false;
        }
        level -= cost;
        return true;
    }

    /**
     * Takes {@code tokens} whatever the level, letting it go below zero (a debt repaid by later
     * refills), for what cannot be refused, such as bytes already read from a TCP stream. Returns the
     * nanoseconds until the level is back to zero: 0 when it did not go below zero. Allocation-free.
     */
    public long consumeAllowingDebt(long tokens, long nowNanos) {
        refill(nowNanos);
        // Saturate instead of wrapping: a debt of billions of tokens (4.6e9 - burst) means a caller
        // bug, and wrapping would turn it into a full bucket.
        long cost = tokens * NANOS_PER_SECOND;
        level = level - minLevel < cost ? minLevel : level - cost;
        return nanosUntilRepaid();
    }

    /** Nanoseconds until the level is back to zero (0 when it is not below zero now). */
    public long nanosUntilNonNegative(long nowNanos) {
        refill(nowNanos);
        return nanosUntilRepaid();
    }

    private long nanosUntilRepaid() {
        // level is in token-nanoseconds and grows by rate per nanosecond: round the wait up
        // (ceil(x / rate) written so that it cannot overflow).
        return level >= 0 ? 0 : (-level - 1) / rate + 1;
    }

    /** Whole tokens available now; negative while in debt. */
    public long available(long nowNanos) {
        refill(nowNanos);
        return level / NANOS_PER_SECOND;
    }

    private void refill(long nowNanos) {
        level = refill(level, nowNanos - lastNanos, rate, capacity);
        lastNanos = nowNanos;
    }

    /**
     * The level after {@code elapsedNanos} at {@code rate} tokens per second, capped at
     * {@code capacity} (token-nanoseconds). Shared with tables that keep buckets in arrays.
     */
    static long refill(long level, long elapsedNanos, long rate, long capacity) {
        if (elapsedNanos <= 0) {
            return level; // clock did not move (or went backwards): add nothing
        }
        long missing = capacity - level;
        // Compare before multiplying so elapsed × rate cannot overflow.
        if (elapsedNanos >= missing / rate + 1) {
            return capacity;
        }
        return level + elapsedNanos * rate;
    }
}
