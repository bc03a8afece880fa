package io.turnpike.server.relay.tcp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.turnpike.server.config.ConfigValues;

/**
 * TCP allocations ({@code turnpike.relay.tcp}, RFC 6062).
 *
 * @param enabled whether Allocate with REQUESTED-TRANSPORT TCP is served (false: 442 as before)
 * @param connectTimeoutMillis how long a Connect may take before 447 (RFC 6062 §5.2: at least 30 s)
 * @param bindTimeoutMillis how long a peer data connection waits for its ConnectionBind (§5.2, §5.3: 30 s)
 * @param maxConnectionsPerAllocation peer data connections one allocation may hold at once
 * @param bufferBytes bytes queued towards one side of a connection before reading from the other
 *        side pauses (backpressure; bounds memory per connection)
 */
public record TcpRelaySettings(boolean enabled, long connectTimeoutMillis, long bindTimeoutMillis,
        int maxConnectionsPerAllocation, int bufferBytes) {
    private static final String PREFIX = "turnpike.relay.tcp.";

    /** The reference.conf defaults: on, 30 s timeouts (RFC 6062), 64 connections, 64 KiB. */
    public static TcpRelaySettings defaults() {
        return new TcpRelaySettings(true, 30_000, 30_000, 64, 64 * 1024);
    }

    /** Reads and validates {@code turnpike.relay.tcp}. */
    public static TcpRelaySettings from(Config section) {
        int max = ConfigValues.intValue(section, PREFIX, "max-connections-per-allocation");
        if (max < 1) {
            throw ConfigValues.bad(section, PREFIX, "max-connections-per-allocation", "at least 1, got " + max);
        }
        long buffer;
        try {
            buffer = section.getBytes("buffer-size");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw ConfigValues.bad(section, PREFIX, "buffer-size", "a size such as 64KiB");
        }
        if (buffer < 4096 || buffer > (64 << 20)) {
            throw ConfigValues.bad(section, PREFIX, "buffer-size", "a size from 4KiB to 64MiB, got " + buffer);
        }
        return new TcpRelaySettings(section.getBoolean("enabled"),
                ConfigValues.positiveDuration(section, PREFIX, "connect-timeout").toMillis(),
                ConfigValues.positiveDuration(section, PREFIX, "bind-timeout").toMillis(), max, (int) buffer);
    }
}
