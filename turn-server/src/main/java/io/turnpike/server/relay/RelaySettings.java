package io.turnpike.server.relay;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import io.turnpike.server.relay.tcp.TcpRelaySettings;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Relay sockets ({@code turnpike.relay}).
 *
 * @param bindAddress where relay sockets bind
 * @param publicAddress advertised in XOR-RELAYED-ADDRESS, or null to advertise the bound address
 * @param minPort first relay port (inclusive)
 * @param maxPort last relay port (inclusive)
 * @param tcp TCP allocations (RFC 6062)
 */
public record RelaySettings(InetAddress bindAddress, InetAddress publicAddress, int minPort, int maxPort,
        TcpRelaySettings tcp) {
    private static final String PREFIX = "turnpike.relay.";


    /** Reads and validates {@code turnpike.relay}. */
    public static RelaySettings from(Config section) {
        InetAddress bind = ConfigValues.ipLiteral(section, PREFIX, "bind-address", section.getString("bind-address"));
        if (!(bind instanceof Inet4Address)) {
            // RFC 8656 §7.2 allows IPv6 relays; this version relays IPv4 only.
            throw ConfigValues.bad(section, PREFIX, "bind-address", "an IPv4 address (IPv6 relays are not supported yet)");
        }
        String publicText = section.getString("public-address");
        InetAddress pub = publicText.isEmpty() ? null : ConfigValues.ipLiteral(section, PREFIX, "public-address", publicText);
        if (pub != null && !(pub instanceof Inet4Address)) {
            throw ConfigValues.bad(section, PREFIX, "public-address", "an IPv4 address, like bind-address");
        }
        int min = ConfigValues.port(section, PREFIX, "min-port");
        int max = ConfigValues.port(section, PREFIX, "max-port");
        if (min < 1024) {
            throw ConfigValues.bad(section, PREFIX, "min-port", "a port of 1024 or more, got " + min);
        }
        if (max < min) {
            throw ConfigValues.bad(section, PREFIX, "max-port", "a port not below min-port " + min + ", got " + max);
        }
        return new RelaySettings(bind, pub, min, max, TcpRelaySettings.from(section.getConfig("tcp")));
    }

    /** How many relay ports the range holds. */
    public int portCount() {
        return maxPort - minPort + 1;
    }
}
