package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 8656 §21.3.1: bandwidth per allocation is limited; the excess is discarded and counted. */
class BandwidthLimiterTest {

    private static final long MS = 1_000_000L;

    @Test
    void unlimitedMeansNoLimiterAtAll() {
        assertNull(BandwidthLimiter.create(0, 0));
    }

    @Test
    void excessIsDroppedWholeAndCounted() {
        BandwidthLimiter limiter = BandwidthLimiter.create(100_000, 0); // burst 100 kB
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryPass(1200, 0)) {
                passed++;
            }
        }
        assertEquals(83, passed, "100,000 / 1,200");
        assertEquals(17, limiter.droppedPackets());
        assertEquals(17 * 1200, limiter.droppedBytes());
        assertFalse(limiter.tryPass(1200, 7 * MS), "400 B left plus 700 B refilled after 7 ms: not 1.2 kB yet");
        assertTrue(limiter.tryPass(1200, 8 * MS));
    }

    @Test
    void sustainedRateConvergesToTheLimit() {
        long rate = 250_000; // bytes/s
        BandwidthLimiter limiter = BandwidthLimiter.create(rate, 0);
        long passedBytes = 0;
        // 10 s of 1,000-byte packets every 1 ms (1 MB/s offered).
        for (int ms = 0; ms < 10_000; ms++) {
            if (limiter.tryPass(1000, ms * MS)) {
                passedBytes += 1000;
            }
        }
        long expected = rate * 10 + rate; // rate over 10 s plus the initial burst
        assertTrue(Math.abs(passedBytes - expected) <= 2000, "passed " + passedBytes + " expected ~" + expected);
    }

    @Test
    void lowRateStillPassesALargePacketEventually() {
        BandwidthLimiter limiter = BandwidthLimiter.create(1000, 0);
        assertTrue(limiter.tryPass(65_000, 0), "the burst is at least 64 KiB");
    }

    @Test
    void tcpPacingRelaysPastTheBudgetAndReportsTheWaitWithoutCountingDrops() {
        BandwidthLimiter limiter = BandwidthLimiter.create(100_000, 0); // burst 100 kB
        assertEquals(0, limiter.passPaced(65_536, 0));
        assertEquals(310_720 * 1000L, limiter.passPaced(65_536, 0), "31,072 B of debt at 100 kB/s");
        assertEquals(0, limiter.droppedPackets(), "pacing is not dropping");
        assertEquals(10_720 * 1000L, limiter.nanosUntilRepaid(300 * MS));
        assertEquals(0, limiter.nanosUntilRepaid(310_720 * 1000L));
    }

    @Test
    void oneBudgetWhateverTheTransport() {
        BandwidthLimiter limiter = BandwidthLimiter.create(100_000, 0);
        limiter.passPaced(100_001, 0);
        assertFalse(limiter.tryPass(1, 0), "a packet does not pass while TCP bytes are in debt");
    }

    @Test
    void tcpBurstIsTheSameBucketAtLeast64KiB() {
        BandwidthLimiter limiter = BandwidthLimiter.create(16_384, 0);
        assertEquals(0, limiter.passPaced(65_536, 0), "64 KiB pass at once even at 16 KiB/s");
        assertEquals(1_000_000_000L, limiter.passPaced(16_384, 0), "then each byte waits its turn");
    }
}
