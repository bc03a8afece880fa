package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 5: unauthenticated requests rate-limited per source in a bounded table; bad credentials slowed. */
class SourceRateLimiterTest {

    private static final long MS = 1_000_000L;
    private static final long SEC = 1_000 * MS;

    private static SourceRateLimiter limiter(int tableSize) {
        return new SourceRateLimiter(new SecuritySettings.RateLimit(10, 20, tableSize),
                new SecuritySettings.AuthFailureBackoff(3, Duration.ofSeconds(1), Duration.ofSeconds(8)));
    }

    private static InetSocketAddress source(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void burstThenRefuseThenRefillPerSource() throws Exception {
        SourceRateLimiter limiter = limiter(1024);
        InetSocketAddress a = source("198.51.100.1", 5000);
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.tryAcquire(a, 0), "burst " + i);
        }
        assertFalse(limiter.tryAcquire(a, 0));
        assertTrue(limiter.tryAcquire(source("198.51.100.2", 5000), 0), "another source has its own bucket");
        assertFalse(limiter.tryAcquire(a, 99 * MS));
        assertTrue(limiter.tryAcquire(a, 100 * MS), "10/s: one token per 100 ms");
    }

    @Test
    void portsOfOneAddressShareTheBucket() throws Exception {
        SourceRateLimiter limiter = limiter(1024);
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.tryAcquire(source("198.51.100.1", 1000 + i), 0));
        }
        assertFalse(limiter.tryAcquire(source("198.51.100.1", 2000), 0));
    }

    @Test
    void ipv6HostsOfOneSlash64ShareTheBucket() throws Exception {
        SourceRateLimiter limiter = limiter(1024);
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.tryAcquire(source("2001:db8:1:2::" + Integer.toHexString(i + 1), 1), 0));
        }
        assertFalse(limiter.tryAcquire(source("2001:db8:1:2:ffff::1", 1), 0));
        assertTrue(limiter.tryAcquire(source("2001:db8:1:3::1", 1), 0), "another /64");
    }

    @Test
    void spoofedFloodCannotGrowTheTable() throws Exception {
        SourceRateLimiter limiter = limiter(256);
        int sources = 100_000;
        for (int i = 0; i < sources; i++) {
            limiter.tryAcquire(Addresses.ipv4SourceKey(0x0A000000 + i), i * MS);
        }
        assertEquals(256, limiter.capacity());
        assertTrue(limiter.size() <= 256);
        assertTrue(limiter.evictions() >= sources - 256, "evictions " + limiter.evictions());
    }

    @Test
    void recentlySeenSourceSurvivesWhileOldOnesAreEvicted() {
        SourceRateLimiter limiter = limiter(8); // one probe window: eviction picks the oldest of 8
        long active = Addresses.ipv4SourceKey(0xC6336401);
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.tryAcquire(active, 0));
        }
        assertFalse(limiter.tryAcquire(active, 0));
        for (int i = 0; i < 50; i++) {
            limiter.tryAcquire(Addresses.ipv4SourceKey(0x0A000000 + i), (i + 1) * MS);
            assertFalse(limiter.tryAcquire(active, (i + 1) * MS + 1), "still limited, not evicted: " + i);
        }
    }

    @Test
    void authFailuresBackOffExponentiallyUpToTheMaximum() throws Exception {
        SourceRateLimiter limiter = limiter(1024);
        InetSocketAddress a = source("203.0.113.5", 40000);
        long t = 0;
        for (int i = 0; i < 3; i++) {
            limiter.recordAuthFailure(a, t);
        }
        assertTrue(limiter.tryAcquire(a, t), "three free failures");
        assertFalse(limiter.isBlocked(a, t));

        limiter.recordAuthFailure(a, t); // 4th: 1 s
        assertTrue(limiter.isBlocked(a, t));
        assertFalse(limiter.tryAcquire(a, t + SEC - 1));
        assertTrue(limiter.tryAcquire(a, t + SEC));

        t += SEC;
        limiter.recordAuthFailure(a, t); // 5th: 2 s
        assertFalse(limiter.tryAcquire(a, t + 2 * SEC - 1));
        assertTrue(limiter.tryAcquire(a, t + 2 * SEC));

        t += 2 * SEC;
        limiter.recordAuthFailure(a, t); // 6th: 4 s
        t += 4 * SEC;
        limiter.recordAuthFailure(a, t); // 7th: 8 s (max)
        t += 8 * SEC;
        limiter.recordAuthFailure(a, t); // 8th: still 8 s
        assertFalse(limiter.tryAcquire(a, t + 8 * SEC - 1));
        assertTrue(limiter.tryAcquire(a, t + 8 * SEC));
        assertTrue(limiter.tryAcquire(source("203.0.113.6", 1), t), "other sources are unaffected");
    }

    @Test
    void quietSourceIsForgiven() throws Exception {
        SourceRateLimiter limiter = limiter(1024);
        InetSocketAddress a = source("203.0.113.5", 40000);
        for (int i = 0; i < 5; i++) {
            limiter.recordAuthFailure(a, 0);
        }
        long later = 20 * SEC; // well past block end plus max
        limiter.recordAuthFailure(a, later);
        assertFalse(limiter.isBlocked(a, later), "counting restarted: one failure is free");
    }

    @Test
    void hugeFailureCountsDoNotOverflowTheBackoff() {
        SourceRateLimiter limiter = limiter(1024);
        long key = Addresses.ipv4SourceKey(0x08080808);
        for (int i = 0; i < 200; i++) {
            limiter.recordAuthFailure(key, i * MS);
        }
        assertFalse(limiter.tryAcquire(key, 199 * MS + 8 * SEC - 1));
        assertTrue(limiter.tryAcquire(key, 199 * MS + 8 * SEC));
    }
}
