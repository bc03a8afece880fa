package io.turnpike.server.transport;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the STUN/TURN listeners bind ({@code turnpike.listen}).
 *
 * @param addresses listen addresses (IPv4 and/or IPv6; at most one of the wildcards 0.0.0.0 and ::)
 * @param udpPort UDP port (0 = ephemeral, for tests)
 * @param tcpPort TCP port
 * @param tlsPort TLS port
 * @param udp whether the UDP listener runs
 * @param tcp whether the TCP listener runs
 * @param tls whether the TLS listener runs
 * @param sharedTls whether the TLS port shared by TURN and the HTTP API runs (docs/port-443.md)
 * @param sharedTlsPort its port (443 by default; binding it needs CAP_NET_BIND_SERVICE or root)
 */
public record ListenSettings(List<InetAddress> addresses, int udpPort, int tcpPort, int tlsPort,
        boolean udp, boolean tcp, boolean tls, boolean sharedTls, int sharedTlsPort) {
    private static final String PREFIX = "turnpike.listen.";


    /** Reads and validates {@code turnpike.listen}. */
    public static ListenSettings from(Config section) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String text : section.getStringList("addresses")) {
            addresses.add(ConfigValues.ipLiteral(section, PREFIX, "addresses", text));
        }
        if (addresses.isEmpty()) {
            throw ConfigValues.bad(section, PREFIX, "addresses", "at least one listen address");
        }
        if (hasWildcard(addresses, false) && hasWildcard(addresses, true)) {
            // The JDK and Netty open IPv6 sockets and bind 0.0.0.0 as "::" with IPv6 allowed, so both
            // wildcards would want the same ports (docs/ipv6.md).
            throw ConfigValues.bad(section, PREFIX, "addresses", "either \"0.0.0.0\" (IPv4 and IPv6: it takes"
                    + " both on a dual-stack host) or \"::\" (IPv6 only), not both");
        }
        ListenSettings s = new ListenSettings(List.copyOf(addresses), ConfigValues.port(section, PREFIX, "udp-port"),
                ConfigValues.port(section, PREFIX, "tcp-port"), ConfigValues.port(section, PREFIX, "tls-port"),
                section.getBoolean("udp"), section.getBoolean("tcp"), section.getBoolean("tls"),
                section.getBoolean("shared-tls"), ConfigValues.port(section, PREFIX, "shared-tls-port"));
        if (!s.udp && !s.tcp && !s.tls) {
            throw ConfigValues.bad(section, PREFIX, "udp", "at least one of udp, tcp, tls enabled");
        }
        if (s.tcp && s.tls && s.tcpPort == s.tlsPort && s.tcpPort != 0) {
            throw ConfigValues.bad(section, PREFIX, "tls-port", "a port different from tcp-port " + s.tcpPort);
        }
        if (s.sharedTls && s.sharedTlsPort != 0
                && (s.tcp && s.sharedTlsPort == s.tcpPort || s.tls && s.sharedTlsPort == s.tlsPort)) {
            throw ConfigValues.bad(section, PREFIX, "shared-tls-port", "a port different from tcp-port and tls-port");
        }
        return s;
    }

    private static boolean hasWildcard(List<InetAddress> addresses, boolean ipv6) {
        for (InetAddress a : addresses) {
            if (a.isAnyLocalAddress() && (a instanceof Inet6Address) == ipv6) {
                return true;
            }
        }
        return false;
    }
}
