package io.turnpike.server.security;

import java.net.InetSocketAddress;

/**
 * Per-source token buckets for requests the server answers before it knows who the client is
 * (Binding, the first Allocate, anything without valid MESSAGE-INTEGRITY), plus an escalating
 * back-off for sources that keep presenting bad credentials.
 *
 * <p>Sources are keyed by {@link Addresses#sourceKey} (IPv4 address, or IPv6 /64), not by port,
 * since a sender picks ports freely. The table has a fixed number of slots: it never grows, so a
 * flood from spoofed addresses costs no memory. Lookups probe {@value #PROBE} neighbouring slots;
 * when none is free the least recently seen of them is evicted (an approximate LRU that needs no
 * list). An evicted source simply starts again with a full bucket and no failures.
 *
 * <p>Back-off: the first {@code freeFailures} bad credentials cost nothing (typos); each further
 * one blocks the source for {@code initial × 2^n}, capped at {@code max}. A source that stays quiet
 * for {@code max} after its last failure starts from zero again. While blocked, every request from
 * the source is dropped before its credentials are checked, so guesses cannot continue at speed.
 *
 * <p>Threading: not thread-safe, no locks; one instance per event loop (a source whose packets
 * land on several loops gets each loop's budget). Allocation-free apart from construction.
 */
public final class SourceRateLimiter {

    static final int PROBE = 8;
    private static final long EMPTY = 0;
    private static final long ONE_TOKEN = TokenBucket.NANOS_PER_SECOND;

    private final long rate;
    private final long capacity;
    private final int freeFailures;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final int mask;
    private final long[] keys;
    private final long[] levels;
    private final long[] lastSeen;
    private final long[] blockedUntil;
    private final long[] lastFailure;
    private final int[] failures;
    private int size;
    private long evictions;

    /** A limiter with the configured rates, table size and back-off. */
    public SourceRateLimiter(SecuritySettings.RateLimit limit, SecuritySettings.AuthFailureBackoff backoff) {
        this.rate = limit.perSecond();
        this.capacity = limit.burst() * TokenBucket.NANOS_PER_SECOND;
        this.freeFailures = backoff.freeFailures();
        this.initialBackoffNanos = backoff.initial().toNanos();
        this.maxBackoffNanos = backoff.max().toNanos();
        int slots = Integer.highestOneBit(Math.max(limit.tableSize(), PROBE) - 1) << 1;
        this.mask = slots - 1;
        this.keys = new long[slots];
        this.levels = new long[slots];
        this.lastSeen = new long[slots];
        this.blockedUntil = new long[slots];
        this.lastFailure = new long[slots];
        this.failures = new int[slots];
    }

    /**
     * Takes one token for a request from {@code source}. False means drop the request silently: the
     * source is over its rate or in an auth-failure back-off.
     */
    public boolean tryAcquire(InetSocketAddress source, long nowNanos) {
        return tryAcquire(Addresses.sourceKey(source.getAddress()), nowNanos);
    }

    /** {@link #tryAcquire(InetSocketAddress, long)} for a precomputed {@link Addresses#sourceKey}. */
    public boolean tryAcquire(long sourceKey, long nowNanos) {
        int slot = slot(sourceKey, nowNanos);
        if (blocked(slot, nowNanos)) {
            return false;
        }
        long level = TokenBucket.refill(levels[slot], nowNanos - lastSeen[slot], rate, capacity);
        lastSeen[slot] = nowNanos;
        if (level < ONE_TOKEN) {
            levels[slot] = level;
            return false;
        }
        levels[slot] = level - ONE_TOKEN;
        return true;
    }

    /** Records a request from {@code source} whose credentials were wrong (401 with integrity, 441). */
    public void recordAuthFailure(InetSocketAddress source, long nowNanos) {
        recordAuthFailure(Addresses.sourceKey(source.getAddress()), nowNanos);
    }

    /** {@link #recordAuthFailure(InetSocketAddress, long)} for a precomputed source key. */
    public void recordAuthFailure(long sourceKey, long nowNanos) {
        int slot = slot(sourceKey, nowNanos);
        if (failures[slot] > 0 && nowNanos - lastFailure[slot] > maxBackoffNanos) {
            failures[slot] = 0; // quiet long enough: forgive
        }
        failures[slot]++;
        lastFailure[slot] = nowNanos;
        int excess = failures[slot] - freeFailures;
        if (excess > 0) {
            long backoff = excess > 62 || initialBackoffNanos > (maxBackoffNanos >> (excess - 1))
                    ? maxBackoffNanos : initialBackoffNanos << (excess - 1);
            blockedUntil[slot] = nowNanos + Math.min(backoff, maxBackoffNanos);
        }
    }

    /** True while {@code source} is in an auth-failure back-off; does not create an entry. */
    public boolean isBlocked(InetSocketAddress source, long nowNanos) {
        int slot = find(Addresses.sourceKey(source.getAddress()));
        return slot >= 0 && blocked(slot, nowNanos);
    }

    /** Sources currently tracked (at most the table size). */
    public int size() {
        return size;
    }

    /** Number of slots; the table never holds more sources than this. */
    public int capacity() {
        return keys.length;
    }

    /** Sources forgotten to make room for new ones since start. */
    public long evictions() {
        return evictions;
    }

    private boolean blocked(int slot, long nowNanos) {
        return failures[slot] > freeFailures && blockedUntil[slot] - nowNanos > 0;
    }

    private int find(long sourceKey) {
        long key = sourceKey == EMPTY ? 1 : sourceKey;
        int start = index(key);
        for (int i = 0; i < PROBE; i++) {
            int s = (start + i) & mask;
            if (keys[s] == key) {
                return s;
            }
        }
        return -1;
    }

    /** The slot of the source, claiming a free one or evicting the least recently seen neighbour. */
    private int slot(long sourceKey, long nowNanos) {
        long key = sourceKey == EMPTY ? 1 : sourceKey; // 0 marks an empty slot
        int start = index(key);
        int free = -1;
        int oldest = start;
        for (int i = 0; i < PROBE; i++) {
            int s = (start + i) & mask;
            if (keys[s] == key) {
                return s;
            }
            if (keys[s] == EMPTY) {
                if (free < 0) {
                    free = s;
                }
            } else if (lastSeen[s] - lastSeen[oldest] < 0) {
                oldest = s;
            }
        }
        int s;
        if (free >= 0) {
            s = free;
            size++;
        } else {
            s = oldest;
            evictions++;
        }
        keys[s] = key;
        levels[s] = capacity;
        lastSeen[s] = nowNanos;
        failures[s] = 0;
        blockedUntil[s] = nowNanos;
        lastFailure[s] = nowNanos;
        return s;
    }

    private int index(long key) {
        // Fibonacci hashing spreads neighbouring addresses (one /24 scanning) over the table.
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
