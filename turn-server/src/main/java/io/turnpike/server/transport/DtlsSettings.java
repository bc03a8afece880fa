package io.turnpike.server.transport;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import java.time.Duration;

/**
 * The DTLS listener's settings ({@code turnpike.listen.dtls*}, docs/dtls.md).
 *
 * @param enabled whether the DTLS listener runs
 * @param port its UDP port (5349 as for TLS, RFC 7350 §4; 0 = ephemeral, for tests)
 * @param maxSessions sessions per listen address, handshaking or established; more are refused
 * @param handshakeTimeout a handshake not finished within this is dropped
 * @param idleTimeout a session without an allocation that receives nothing for this long is dropped
 */
public record DtlsSettings(boolean enabled, int port, int maxSessions, Duration handshakeTimeout,
        Duration idleTimeout) {
    private static final String PREFIX = "turnpike.listen.";

    /** Reads and validates the {@code dtls*} keys of {@code turnpike.listen}. */
    public static DtlsSettings from(Config listen) {
        int max = ConfigValues.intValue(listen, PREFIX, "dtls-max-sessions");
        if (max < 1) {
            throw ConfigValues.bad(listen, PREFIX, "dtls-max-sessions", "at least 1");
        }
        return new DtlsSettings(listen.getBoolean("dtls"), ConfigValues.port(listen, PREFIX, "dtls-port"), max,
                ConfigValues.positiveDuration(listen, PREFIX, "dtls-handshake-timeout"),
                ConfigValues.positiveDuration(listen, PREFIX, "dtls-idle-timeout"));
    }
}
