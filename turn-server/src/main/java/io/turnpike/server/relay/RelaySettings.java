package io.turnpike.server.relay;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import io.turnpike.server.relay.tcp.TcpRelaySettings;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Relay sockets ({@code turnpike.relay}): one bind address per address family (RFC 8656 §7.2: an
 * allocation's relayed address is IPv4 by default, IPv6 on REQUESTED-ADDRESS-FAMILY, or one of each
 * with ADDITIONAL-ADDRESS-FAMILY). Both families draw their ports from the one range.
 *
 * @param bindAddress where IPv4 relay sockets bind, or null when IPv4 relays are off
 * @param publicAddress advertised IPv4 relayed address, or null to advertise the bound address
 * @param minPort first relay port (inclusive)
 * @param maxPort last relay port (inclusive)
 * @param bindAddress6 where IPv6 relay sockets bind, or null when IPv6 relays are off (440)
 * @param publicAddress6 advertised IPv6 relayed address, or null to advertise the bound address
 * @param tcp TCP allocations (RFC 6062; IPv4 relays only)
 */
public record RelaySettings(InetAddress bindAddress, InetAddress publicAddress, int minPort, int maxPort,
        InetAddress bindAddress6, InetAddress publicAddress6, TcpRelaySettings tcp) {
    private static final String PREFIX = "turnpike.relay.";

    /** Settings with the default TCP relay settings (tests). */
    public RelaySettings(InetAddress bindAddress, InetAddress publicAddress, int minPort, int maxPort,
            InetAddress bindAddress6, InetAddress publicAddress6) {
        this(bindAddress, publicAddress, minPort, maxPort, bindAddress6, publicAddress6, TcpRelaySettings.defaults());
    }

    /** Reads and validates {@code turnpike.relay}. */
    public static RelaySettings from(Config section) {
        InetAddress bind = address(section, "bind-address", false, "an IPv4 address or \"\" (IPv6 goes in bind-address-v6)");
        InetAddress pub = address(section, "public-address", false, "an IPv4 address or \"\", like bind-address");
        InetAddress bind6 = address(section, "bind-address-v6", true, "an IPv6 address or \"\"");
        InetAddress pub6 = address(section, "public-address-v6", true, "an IPv6 address or \"\", like bind-address-v6");
        if (bind == null && bind6 == null) {
            throw ConfigValues.bad(section, PREFIX, "bind-address", "an address for at least one family (bind-address"
                    + " or bind-address-v6)");
        }
        int min = ConfigValues.port(section, PREFIX, "min-port");
        int max = ConfigValues.port(section, PREFIX, "max-port");
        if (min < 1024) {
            throw ConfigValues.bad(section, PREFIX, "min-port", "a port of 1024 or more, got " + min);
        }
        if (max < min) {
            throw ConfigValues.bad(section, PREFIX, "max-port", "a port not below min-port " + min + ", got " + max);
        }
        return new RelaySettings(bind, pub, min, max, bind6, pub6, TcpRelaySettings.from(section.getConfig("tcp")));
    }

    /** An optional address of one family: "" (or a missing key) is null. */
    private static InetAddress address(Config section, String key, boolean ipv6, String expected) {
        String text = section.hasPath(key) ? section.getString(key) : "";
        if (text.isEmpty()) {
            return null;
        }
        InetAddress address = ConfigValues.ipLiteral(section, PREFIX, key, text);
        if (ipv6 ? !(address instanceof Inet6Address) : !(address instanceof Inet4Address)) {
            throw ConfigValues.bad(section, PREFIX, key, expected + ", got \"" + text + "\"");
        }
        return address;
    }

    /** The same settings with IPv6 relays off (the host cannot bind {@link #bindAddress6}). */
    public RelaySettings withoutIpv6() {
        return new RelaySettings(bindAddress, publicAddress, minPort, maxPort, null, null, tcp);
    }

    /** Whether relays of the family are configured (IPv6 when {@code ipv6}, else IPv4). */
    public boolean supports(boolean ipv6) {
        return (ipv6 ? bindAddress6 : bindAddress) != null;
    }

    /** The bind address of the family, or null. */
    public InetAddress bindAddress(boolean ipv6) {
        return ipv6 ? bindAddress6 : bindAddress;
    }

    /** The configured public address of the family, or null. */
    public InetAddress publicAddress(boolean ipv6) {
        return ipv6 ? publicAddress6 : publicAddress;
    }

    /** How many relay ports the range holds. */
    public int portCount() {
        return maxPort - minPort + 1;
    }
}
