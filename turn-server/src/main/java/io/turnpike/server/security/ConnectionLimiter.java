package io.turnpike.server.security;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps concurrent TCP/TLS connections per source ({@link Addresses#sourceKey}: IPv4 address or IPv6
 * /64), so one host cannot hold every file descriptor with idle or half-open connections
 * (slowloris). Call {@link #tryAcquire} when a connection is accepted (close it at once on false)
 * and {@link #release} exactly once when it closes — {@link ConnectionLimitHandler} does both.
 *
 * <p>Thread-safe: connections of one source are accepted on different event loops. Only the
 * accept and close paths touch it; the map holds an entry only while a source has connections.
 */
public final class ConnectionLimiter {

    private final int maxPerSource;
    private final ConcurrentHashMap<Long, Integer> counts = new ConcurrentHashMap<>();

    /** @param maxPerSource concurrent connections allowed per source; 0 = unlimited */
    public ConnectionLimiter(int maxPerSource) {
        if (maxPerSource < 0) {
            throw new IllegalArgumentException("maxPerSource must be >= 0");
        }
        this.maxPerSource = maxPerSource;
    }

    /** Counts a new connection from {@code source}; false (and nothing counted) when at the cap. */
    public boolean tryAcquire(InetAddress source) {
        Long key = Addresses.sourceKey(source);
        boolean[] granted = {false};
        counts.compute(key, (k, n) -> {
            int current = n == null ? 0 : n;
            if (maxPerSource > 0 && current >= maxPerSource) {
                return n;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0];
    }

    /** Forgets one connection from {@code source}; the entry disappears at zero. */
    public void release(InetAddress source) {
        counts.computeIfPresent(Addresses.sourceKey(source), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections currently counted for {@code source}. */
    public int count(InetAddress source) {
        Integer n = counts.get(Addresses.sourceKey(source));
        return n == null ? 0 : n;
    }

    /** Sources that currently have at least one connection. */
    public int sources() {
        return counts.size();
    }
}
