package io.turnpike.server.allocation;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import io.turnpike.server.transport.ListenSettings;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * RFC 5780 NAT behaviour discovery ({@code turnpike.nat-discovery}): the server's two addresses A1,
 * A2 and two ports P1 ({@code listen.udp-port}), P2, over UDP. Off when no alternate address is set.
 *
 * @param address A1, a concrete listen address (null when off)
 * @param alternateAddress A2, a second address of this host of the same family (null when off)
 * @param alternatePort P2
 */
public record NatDiscoverySettings(InetAddress address, InetAddress alternateAddress, int alternatePort) {
    private static final String PREFIX = "turnpike.nat-discovery.";

    /** Discovery off: CHANGE-REQUEST, RESPONSE-PORT and PADDING get 420 (RFC 5780 §6). */
    public static final NatDiscoverySettings OFF = new NatDiscoverySettings(null, null, 0);

    /** Whether discovery runs. */
    public boolean enabled() {
        return alternateAddress != null;
    }

    /** Reads {@code turnpike.nat-discovery} and checks it against the UDP listeners in {@code listen}. */
    public static NatDiscoverySettings from(Config section, ListenSettings listen) {
        String alternate = section.getString("alternate-address").trim();
        int port = ConfigValues.port(section, PREFIX, "alternate-port");
        if (alternate.isEmpty()) {
            return OFF;
        }
        InetAddress a2 = ConfigValues.ipLiteral(section, PREFIX, "alternate-address", alternate);
        String primary = section.getString("address").trim();
        InetAddress a1 = primary.isEmpty() ? listen.addresses().get(0)
                : ConfigValues.ipLiteral(section, PREFIX, "address", primary);
        if (!listen.udp() || a1.isAnyLocalAddress() || !listen.addresses().contains(a1)) {
            throw ConfigValues.bad(section, PREFIX, "address", "a concrete address the UDP listener binds (one of"
                    + " turnpike.listen.addresses, not a wildcard), got " + a1.getHostAddress());
        }
        if (a2.isAnyLocalAddress() || a2.equals(a1) || listen.addresses().contains(a2)
                || a2 instanceof Inet4Address != a1 instanceof Inet4Address) {
            throw ConfigValues.bad(section, PREFIX, "alternate-address", "a second address of this host, of the same"
                    + " family as " + a1.getHostAddress() + " and not among turnpike.listen.addresses");
        }
        if (port == 0 || port == listen.udpPort()) {
            throw ConfigValues.bad(section, PREFIX, "alternate-port", "a port other than listen.udp-port");
        }
        return new NatDiscoverySettings(a1, a2, port);
    }
}
