package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks the engine runs per packet or per request allocate nothing (STYLE.md: no allocation
 * on the hot path), measured with the JVM's per-thread allocation counter.
 */
class HotPathAllocationTest {

    private static final int CALLS = 200_000;
    /** Slack for the counter's own bookkeeping; one allocation per call would be megabytes. */
    private static final long SLACK_BYTES = 4_096;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static void assertAllocationFree(String what, Runnable body) {
        body.run(); // warm up (class loading, JIT)
        body.run();
        long before = allocatedBytes();
        body.run();
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < SLACK_BYTES, what + " allocated " + allocated + " bytes in " + CALLS + " calls");
    }

    @Test
    void peerFilterIpv4() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(Cidr.parse("10.0.0.5")),
                List.of(Cidr.parse("8.8.4.0/24")), false))
                .refuseAlways(java.util.Set.of(new InetSocketAddress(InetAddress.getByName("198.51.100.9"), 3478)));
        InetAddress[] peers = {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("169.254.169.254"),
            InetAddress.getByName("10.0.0.5"), InetAddress.getByName("198.51.100.9")};
        int[] sink = new int[1];
        assertAllocationFree("PeerFilter.allows(InetAddress, int)", () -> {
            for (int i = 0; i < CALLS; i++) {
                if (filter.allows(peers[i & 3], 3478)) {
                    sink[0]++;
                }
            }
        });
        assertAllocationFree("PeerFilter.allowsIpv6", () -> {
            for (int i = 0; i < CALLS; i++) {
                if (filter.allowsIpv6(0, 0x0000_FFFF_A9FE_A9FEL + (i & 7), 80)
                        || filter.allowsIpv6(0x2606_4700_0000_0000L, i, 443)) {
                    sink[0]++;
                }
            }
        });
        assertTrue(sink[0] > 0);
    }

    @Test
    void sourceRateLimiterAndBackoff() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(new SecuritySettings.RateLimit(20, 50, 1024),
                new SecuritySettings.AuthFailureBackoff(5, Duration.ofSeconds(1), Duration.ofSeconds(60)));
        InetSocketAddress[] sources = new InetSocketAddress[64];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) i}), 5000);
        }
        long[] now = {0};
        assertAllocationFree("SourceRateLimiter", () -> {
            for (int i = 0; i < CALLS; i++) {
                now[0] += 1_000;
                InetSocketAddress source = sources[i & 63];
                if (!limiter.tryAcquire(source, now[0])) {
                    limiter.recordAuthFailure(source, now[0]);
                }
            }
        });
    }

    @Test
    void bandwidthLimiter() {
        BandwidthLimiter limiter = BandwidthLimiter.create(1_000_000, 0);
        long[] now = {0};
        assertAllocationFree("BandwidthLimiter.tryPass", () -> {
            for (int i = 0; i < CALLS; i++) {
                now[0] += 500;
                limiter.tryPass(1200, now[0]);
            }
        });
        assertTrue(limiter.droppedPackets() > 0);
    }

    @Test
    void bandwidthLimiterPacingATcpRead() {
        BandwidthLimiter limiter = BandwidthLimiter.create(1_000_000, 0);
        long[] now = {0};
        long[] waited = {0};
        assertAllocationFree("BandwidthLimiter.passPaced", () -> {
            for (int i = 0; i < CALLS; i++) {
                now[0] += 500;
                waited[0] += limiter.passPaced(1200, now[0]) + limiter.nanosUntilRepaid(now[0]);
            }
        });
        assertTrue(waited[0] > 0, "2.4 MB/s offered at 1 MB/s: in debt");
    }
}
