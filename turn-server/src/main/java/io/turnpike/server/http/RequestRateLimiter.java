package io.turnpike.server.http;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client IP for API requests, in a table of bounded size that forgets the least
 * recently seen client first (so a flood of source addresses costs bounded memory). API requests are
 * few and not on the relay path, so one lock is simpler than anything cleverer.
 */
final class RequestRateLimiter {
    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final double perNano;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets;

    RequestRateLimiter(HttpSettings.RateLimit limit, LongSupplier nanoTime) {
        this.perNano = limit.requestsPerSecond() / 1e9;
        this.burst = limit.burst();
        this.nanoTime = nanoTime;
        int max = limit.maxClients();
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > max;
            }
        };
    }

    /** Takes one token for {@code client}; false when its bucket is empty. */
    synchronized boolean tryAcquire(InetAddress client) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(client);
        if (b == null) {
            b = new Bucket();
            b.tokens = burst;
            b.lastNanos = now;
            buckets.put(client, b);
        } else {
            b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) * perNano);
            b.lastNanos = now;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }
}
