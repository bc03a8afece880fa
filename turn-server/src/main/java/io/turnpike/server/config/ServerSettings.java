package io.turnpike.server.config;

import com.typesafe.config.Config;
import io.turnpike.server.allocation.AllocationSettings;
import io.turnpike.server.allocation.AlternateServers;
import io.turnpike.server.allocation.NatDiscoverySettings;
import io.turnpike.server.auth.AuthSettings;
import io.turnpike.server.relay.HostAddresses;
import io.turnpike.server.relay.RelaySettings;
import io.turnpike.server.security.SecuritySettings;
import io.turnpike.server.transport.ListenSettings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The TURN engine's settings, read once from the {@code turnpike} tree and validated. Sections
 * owned by other areas (tls, security, http) are read by their own settings records.
 *
 * @param realm REALM of the long-term credential mechanism
 * @param software SOFTWARE attribute value, "" for none
 * @param dataDir data directory (absolute)
 * @param publicHost host for ICE URLs, "" when not configured
 * @param listen listeners
 * @param relay relay sockets
 * @param allocation lifetimes
 * @param auth credentials
 * @param security abuse limits (owned by the security area; the engine reads the stream frame cap)
 * @param alternates where Allocate requests are redirected at capacity or while draining
 * @param natDiscovery RFC 5780 NAT behaviour discovery (off unless an alternate address is set)
 */
public record ServerSettings(String realm, String software, Path dataDir, String publicHost, ListenSettings listen,
        RelaySettings relay, AllocationSettings allocation, AuthSettings auth, SecuritySettings security,
        AlternateServers alternates, NatDiscoverySettings natDiscovery) {

    /** Reads and validates the whole {@code turnpike} section of a resolved configuration. */
    public static ServerSettings from(Config root) {
        Config t = root.getConfig("turnpike");
        String realm = t.getString("realm");
        if (realm.isEmpty() || realm.getBytes(StandardCharsets.UTF_8).length > 127) {
            throw ConfigValues.bad(t, "turnpike.", "realm", "a realm of 1 to 127 bytes (RFC 8489 §14.9)");
        }
        String software = t.getString("software");
        if (software.getBytes(StandardCharsets.UTF_8).length > 127) {
            throw ConfigValues.bad(t, "turnpike.", "software", "at most 127 bytes (RFC 8489 §14.14)");
        }
        String dir = t.getString("data-dir");
        if (dir.isBlank()) {
            throw ConfigValues.bad(t, "turnpike.", "data-dir", "a directory path");
        }
        ListenSettings listen = ListenSettings.from(t.getConfig("listen"));
        return new ServerSettings(realm, software, Path.of(dir).toAbsolutePath().normalize(),
                t.getString("public-host").trim(),
                listen,
                RelaySettings.from(t.getConfig("relay")),
                AllocationSettings.from(t.getConfig("allocation")),
                AuthSettings.from(t.getConfig("auth")),
                SecuritySettings.from(t.getConfig("security")),
                AlternateServers.from(t.getConfig("alternate-servers")),
                NatDiscoverySettings.from(t.getConfig("nat-discovery"), listen));
    }

    /**
     * The host clients should use: public-host, else relay.public-address, else the first listen
     * address, with a wildcard replaced by the host's primary IPv4 address.
     */
    public String effectivePublicHost() {
        if (!publicHost.isEmpty()) {
            return publicHost;
        }
        InetAddress address = relay.publicAddress() != null ? relay.publicAddress() : listen.addresses().get(0);
        if (address.isAnyLocalAddress()) {
            address = HostAddresses.primaryIpv4(); // a wildcard listener: the host's own address
        }
        String text = address.getHostAddress();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }
}
