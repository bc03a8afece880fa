package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long MS = 1_000_000L;
    private static final long START = -5_000 * MS; // nanoTime may be negative

    @Test
    void startsFullAndRefusesBeyondBurst() {
        TokenBucket bucket = new TokenBucket(10, 3, START);
        assertTrue(bucket.tryConsume(1, START));
        assertTrue(bucket.tryConsume(2, START));
        assertFalse(bucket.tryConsume(1, START));
        assertEquals(0, bucket.available(START));
    }

    @Test
    void refillsAtTheRateExactly() {
        TokenBucket bucket = new TokenBucket(10, 10, START);
        assertTrue(bucket.tryConsume(10, START));
        assertFalse(bucket.tryConsume(1, START + 99 * MS), "one token takes 100 ms at 10/s");
        assertTrue(bucket.tryConsume(1, START + 100 * MS));
        assertEquals(5, bucket.available(START + 600 * MS));
    }

    @Test
    void neverHoldsMoreThanTheBurstAfterLongIdle() {
        TokenBucket bucket = new TokenBucket(1_000_000_000L, 5, START);
        assertTrue(bucket.tryConsume(5, START));
        assertEquals(5, bucket.available(START + Long.MAX_VALUE / 2), "no overflow after a long idle");
    }

    @Test
    void failedConsumeTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 10, START);
        assertFalse(bucket.tryConsume(11, START));
        assertEquals(10, bucket.available(START));
    }

    @Test
    void clockGoingBackwardsAddsNothing() {
        TokenBucket bucket = new TokenBucket(10, 10, START);
        assertTrue(bucket.tryConsume(10, START));
        assertFalse(bucket.tryConsume(1, START - 1000 * MS));
    }

    @Test
    void largeByteRatesWork() {
        // 1 GB/s with 1 GB burst (bandwidth limiter scale).
        TokenBucket bucket = new TokenBucket(1_000_000_000L, 1_000_000_000L, START);
        assertTrue(bucket.tryConsume(1_000_000_000L, START));
        assertTrue(bucket.tryConsume(1_000, START + 1_000)); // 1 µs later: 1000 bytes
        assertFalse(bucket.tryConsume(1, START + 1_000));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, Long.MAX_VALUE, 0));
    }
}
