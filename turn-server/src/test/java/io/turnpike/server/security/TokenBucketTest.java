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

    @Test
    void debtIsTakenWholeAndRepaidAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 10, START);
        assertEquals(0, bucket.consumeAllowingDebt(10, START), "within the budget: no wait");
        assertEquals(500 * MS, bucket.consumeAllowingDebt(5, START), "5 tokens of debt at 10/s");
        assertEquals(-5, bucket.available(START));
        assertEquals(300 * MS, bucket.nanosUntilNonNegative(START + 200 * MS));
        assertFalse(bucket.tryConsume(1, START + 499 * MS), "a packet never passes while in debt");
        assertEquals(0, bucket.nanosUntilNonNegative(START + 500 * MS));
        assertTrue(bucket.tryConsume(1, START + 600 * MS), "repaid, then refilled as usual");
    }

    @Test
    void debtWaitRoundsUp() {
        TokenBucket bucket = new TokenBucket(3, 1, START);
        assertEquals(333_333_334L, bucket.consumeAllowingDebt(2, START), "1 token at 3/s: ceil(10^9 / 3) ns");
        assertEquals(1, bucket.nanosUntilNonNegative(START + 333_333_333L));
        assertEquals(0, bucket.nanosUntilNonNegative(START + 333_333_334L));
    }

    @Test
    void debtsAddUp() {
        TokenBucket bucket = new TokenBucket(1000, 1000, START);
        bucket.consumeAllowingDebt(1500, START);
        assertEquals(1000 * MS, bucket.consumeAllowingDebt(500, START), "two debts of 500: one second");
    }

    @Test
    void absurdDebtSaturatesInsteadOfWrapping() {
        TokenBucket bucket = new TokenBucket(1, 1, START);
        for (int i = 0; i < 4; i++) {
            bucket.consumeAllowingDebt(9_000_000_000L, START);
        }
        assertTrue(bucket.nanosUntilNonNegative(START) > 0, "still in debt, not wrapped to a full bucket");
        assertFalse(bucket.tryConsume(1, START + 1000 * MS));
    }
}
