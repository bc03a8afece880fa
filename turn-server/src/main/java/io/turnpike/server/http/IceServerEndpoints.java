package io.turnpike.server.http;

import io.turnpike.server.auth.RestCredentials;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param sharedTlsPort port of the TLS port shared with HTTPS (e.g. 443), 0 when it is off
 */
public record IceServerEndpoints(String host, boolean udp, int udpPort, boolean tcp, int tcpPort, boolean tls,
        int tlsPort, int sharedTlsPort) {

    /** Endpoints without a shared TLS port. */
    public IceServerEndpoints(String host, boolean udp, int udpPort, boolean tcp, int tcpPort, boolean tls,
            int tlsPort) {
        this(host, udp, udpPort, tcp, tcpPort, tls, tlsPort, 0);
    }

    /**
     * The endpoints of bound listeners: {@code udp}, {@code tcp}, {@code tls} are their bound
     * addresses (the port is what counts), or null for a listener that is off.
     */
    public static IceServerEndpoints of(String host, InetSocketAddress udp, InetSocketAddress tcp,
            InetSocketAddress tls) {
        return of(host, udp, tcp, tls, null);
    }

    /** Like {@link #of(String, InetSocketAddress, InetSocketAddress, InetSocketAddress)}, with the shared TLS port. */
    public static IceServerEndpoints of(String host, InetSocketAddress udp, InetSocketAddress tcp,
            InetSocketAddress tls, InetSocketAddress sharedTls) {
        return new IceServerEndpoints(host, udp != null, udp != null ? udp.getPort() : 0, tcp != null,
                tcp != null ? tcp.getPort() : 0, tls != null, tls != null ? tls.getPort() : 0,
                sharedTls != null ? sharedTls.getPort() : 0);
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

    /**
     * TURN URLs of the enabled transports: UDP, TCP, TLS, then TLS on the port shared with HTTPS
     * (Cloudflare lists {@code turns:...:443?transport=tcp} last, for networks that allow only HTTPS).
     */
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
        if (sharedTlsPort != 0) {
            urls.add("turns:" + hostPart() + ":" + sharedTlsPort + "?transport=tcp");
        }
        return urls;
    }

    /**
     * The WebRTC {@code iceServers} list for these endpoints: a STUN entry (when UDP runs) and one
     * TURN entry with every TURN URL and, unless {@code credential} is null, its username and
     * credential. The credential API and the start-up banner both answer with this.
     */
    public List<Map<String, Object>> iceServers(RestCredentials.Credential credential) {
        List<Map<String, Object>> servers = new ArrayList<>();
        if (!stunUrls().isEmpty()) {
            servers.add(Map.of("urls", stunUrls()));
        }
        List<String> turn = turnUrls();
        if (!turn.isEmpty()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("urls", turn);
            if (credential != null) {
                entry.put("username", credential.username());
                entry.put("credential", credential.password());
            }
            servers.add(entry);
        }
        return servers;
    }
}
