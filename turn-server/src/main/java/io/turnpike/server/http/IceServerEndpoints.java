package io.turnpike.server.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where clients reach this server, for the URLs in {@code iceServers}: the public host name and the
 * listeners actually enabled. URL forms follow RFC 7064 (stun:) and RFC 7065 (turn:, turns:).
 *
 * @param host public host name or address (IPv6 literals are bracketed in URLs)
 * @param udp whether the UDP listener runs
 * @param udpPort its port
 * @param tcp whether the TCP listener runs
 * @param tcpPort its port
 * @param tls whether the TLS listener runs
 * @param tlsPort its port
 */
public record IceServerEndpoints(String host, boolean udp, int udpPort, boolean tcp, int tcpPort, boolean tls,
        int tlsPort) {

    /**
     * The endpoints of bound listeners: {@code udp}, {@code tcp}, {@code tls} are their bound
     * addresses (the port is what counts), or null for a listener that is off.
     */
    public static IceServerEndpoints of(String host, InetSocketAddress udp, InetSocketAddress tcp,
            InetSocketAddress tls) {
        return new IceServerEndpoints(host, udp != null, udp != null ? udp.getPort() : 0, tcp != null,
                tcp != null ? tcp.getPort() : 0, tls != null, tls != null ? tls.getPort() : 0);
    }

    private String hostPart() {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** STUN URLs: Binding over UDP (what browsers use for server-reflexive candidates). */
    public List<String> stunUrls() {
        List<String> urls = new ArrayList<>();
        if (udp) {
            urls.add("stun:" + hostPart() + ":" + udpPort);
        }
        return urls;
    }

    /** TURN URLs of the enabled transports: UDP, TCP, then TLS. */
    public List<String> turnUrls() {
        List<String> urls = new ArrayList<>();
        if (udp) {
            urls.add("turn:" + hostPart() + ":" + udpPort + "?transport=udp");
        }
        if (tcp) {
            urls.add("turn:" + hostPart() + ":" + tcpPort + "?transport=tcp");
        }
        if (tls) {
            urls.add("turns:" + hostPart() + ":" + tlsPort + "?transport=tcp");
        }
        return urls;
    }
}
