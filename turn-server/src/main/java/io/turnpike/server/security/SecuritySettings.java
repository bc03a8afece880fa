package io.turnpike.server.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The {@code turnpike.security} section, validated. Every limit is documented with its default and
 * the attack it blunts in {@code reference.conf} and {@code SECURITY.md}.
 *
 * @param peer                      peer address rules ({@link PeerFilter})
 * @param rateLimit                 unauthenticated requests per source ({@link SourceRateLimiter})
 * @param authFailureBackoff        slow-down after bad credentials ({@link SourceRateLimiter})
 * @param maxAllocationsPerUser     per-username allocation quota, 0 = unlimited ({@link AllocationQuota})
 * @param maxAllocations            server-wide allocation limit, 0 = unlimited ({@link AllocationQuota})
 * @param maxBandwidthPerAllocation bytes per second relayed per allocation, 0 = unlimited
 *                                  ({@link BandwidthLimiter})
 * @param tcp                       TCP/TLS connection limits
 */
public record SecuritySettings(PeerSettings peer, RateLimit rateLimit, AuthFailureBackoff authFailureBackoff,
        int maxAllocationsPerUser, int maxAllocations, long maxBandwidthPerAllocation, Tcp tcp) {

    private static final String PREFIX = "turnpike.security.";

    /**
     * {@code rate-limit}: token bucket per source for requests without valid credentials.
     *
     * @param perSecond requests refilled per second per source
     * @param burst     requests a source may send at once
     * @param tableSize sources tracked per event loop (rounded up to a power of two)
     */
    public record RateLimit(long perSecond, long burst, int tableSize) {
    }

    /**
     * {@code auth-failure-backoff}: after {@code freeFailures} bad credentials a source is blocked
     * for {@code initial}, doubling with each further failure up to {@code max}.
     */
    public record AuthFailureBackoff(int freeFailures, Duration initial, Duration max) {
    }

    /**
     * {@code tcp}: limits for stream connections (TCP and TLS).
     *
     * @param maxConnectionsPerSource concurrent connections per source address, 0 = unlimited
     * @param idleTimeout             close a connection that received nothing for this long
     * @param handshakeTimeout        close a TLS connection whose handshake takes longer
     * @param maxFrameSize            largest STUN message or ChannelData frame accepted, in bytes
     */
    public record Tcp(int maxConnectionsPerSource, Duration idleTimeout, Duration handshakeTimeout,
            int maxFrameSize) {
    }

    /**
     * Reads and validates {@code config.getConfig("turnpike.security")}.
     *
     * @throws ConfigException.BadValue naming the offending key
     */
    public static SecuritySettings from(Config section) {
        PeerSettings peer = PeerSettings.from(section.getConfig("peer"), PREFIX + "peer.");
        RateLimit rateLimit = new RateLimit(
                range(section, "rate-limit.unauthenticated-per-second", 1, 1_000_000),
                range(section, "rate-limit.burst", 1, 1_000_000),
                (int) range(section, "rate-limit.table-size", SourceRateLimiter.PROBE, 1 << 24));
        AuthFailureBackoff backoff = new AuthFailureBackoff(
                (int) range(section, "auth-failure-backoff.free-failures", 0, 1000),
                positive(section, "auth-failure-backoff.initial"),
                positive(section, "auth-failure-backoff.max"));
        if (backoff.max().compareTo(backoff.initial()) < 0) {
            throw bad(section, "auth-failure-backoff.max", "must not be shorter than auth-failure-backoff.initial");
        }
        Tcp tcp = new Tcp(
                (int) range(section, "tcp.max-connections-per-source", 0, 1_000_000),
                positive(section, "tcp.idle-timeout"),
                positive(section, "tcp.handshake-timeout"),
                // 24 = a STUN header plus one attribute header; 65,555 = the largest STUN message.
                (int) range(section, "tcp.max-frame-size", 24, 65_535 + 20));
        return new SecuritySettings(peer, rateLimit, backoff,
                (int) range(section, "max-allocations-per-user", 0, 1_000_000),
                (int) range(section, "max-allocations", 0, 10_000_000),
                bytesPerSecond(section, "max-bandwidth-per-allocation"), tcp);
    }

    /** A {@link PeerFilter} for these settings (the engine adds its own ports with refuseAlways). */
    public PeerFilter peerFilter() {
        return new PeerFilter(peer);
    }

    private static long range(Config section, String key, long min, long max) {
        long value = read(section, key, Config::getLong, "a whole number between " + min + " and " + max);
        if (value < min || value > max) {
            throw bad(section, key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static Duration positive(Config section, String key) {
        Duration value = read(section, key, Config::getDuration, "a duration such as 10s or 5m");
        if (value.isNegative() || value.isZero()) {
            throw bad(section, key, "must be a positive duration such as 10s, got " + value);
        }
        return value;
    }

    private static long bytesPerSecond(Config section, String key) {
        long value = read(section, key, Config::getBytes, "bytes per second such as 2000000 or \"2MB\" (0 = unlimited)");
        if (value < 0) {
            throw bad(section, key, "must be 0 (unlimited) or a positive number of bytes per second");
        }
        return value;
    }

    /** Reads a value, turning typesafe's type errors into a BadValue that names the full key. */
    private static <T> T read(Config section, String key, BiFunction<Config, String, T> getter, String expected) {
        try {
            return getter.apply(section, key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw bad(section, key, "expected " + expected);
        }
    }

    private static ConfigException.BadValue bad(Config section, String key, String message) {
        return new ConfigException.BadValue(section.getValue(key).origin(), PREFIX + key, message);
    }
}
