package io.turnpike.server.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What an interop test needs from the TURN server under test: where it listens (loopback only,
 * free ephemeral ports), its relay port range, its credentials and its data directory. A
 * {@link TurnServerLauncher} turns this into a running server of its kind.
 *
 * @param host listen and relay address (always a loopback address)
 * @param udpPort STUN/TURN over UDP
 * @param tcpPort STUN/TURN over TCP (same number as UDP, like the standard 3478/3478)
 * @param tlsPort STUN/TURN over TLS
 * @param relayMinPort first relay port (inclusive)
 * @param relayMaxPort last relay port (inclusive)
 * @param realm long-term credential realm
 * @param users static users
 * @param sharedSecret TURN REST API shared secret
 * @param allowLoopbackPeers whether 127.0.0.0/8 peers are allowed (relay tests on one machine need it)
 * @param dataDir the server's data directory (generated certificate and secrets)
 * @param ipv6Loopback whether the server also listens and relays on ::1 (and allows ::1 peers when
 *        loopback peers are allowed), for IPv6 tests
 */
public record TurnServerSpec(
        String host,
        int udpPort,
        int tcpPort,
        int tlsPort,
        int relayMinPort,
        int relayMaxPort,
        String realm,
        List<User> users,
        String sharedSecret,
        boolean allowLoopbackPeers,
        Path dataDir,
        boolean ipv6Loopback) {

    /** A static long-term credential user. */
    public record User(String name, String password) {
    }

    /** Relay ports reserved per server: enough for every allocation a test class leaves open. */
    static final int RELAY_PORTS = 120;

    /**
     * A spec on 127.0.0.1 with freshly picked free ports, one static user ({@code alice}), a shared
     * secret and loopback peers allowed, keeping its data under {@code workDir}.
     */
    public static TurnServerSpec loopback(Path workDir) throws IOException {
        int listen = FreePorts.udpAndTcp();
        int tls = FreePorts.tcp(listen);
        int relayMin = FreePorts.udpRange(RELAY_PORTS, listen, tls);
        return new TurnServerSpec("127.0.0.1", listen, listen, tls, relayMin, relayMin + RELAY_PORTS - 1,
                "turnpike", List.of(new User("alice", "wonderland-" + Long.toHexString(System.nanoTime()))),
                "interop-secret-" + Long.toHexString(System.nanoTime()), true, workDir.resolve("data"), false);
    }

    /** The same server with loopback peers refused (the secure default). */
    public TurnServerSpec withLoopbackPeersRefused() {
        return new TurnServerSpec(host, udpPort, tcpPort, tlsPort, relayMinPort, relayMaxPort, realm, users,
                sharedSecret, false, dataDir, ipv6Loopback);
    }

    /** The same server also listening and relaying on ::1 (RFC 8656 §7.2 IPv6 relays). */
    public TurnServerSpec withIpv6Loopback() {
        return new TurnServerSpec(host, udpPort, tcpPort, tlsPort, relayMinPort, relayMaxPort, realm, users,
                sharedSecret, allowLoopbackPeers, dataDir, true);
    }

    /** The first static user. */
    public User user() {
        return users.get(0);
    }

    /** Whether {@code port} lies in the relay range. */
    public boolean isRelayPort(int port) {
        return port >= relayMinPort && port <= relayMaxPort;
    }
}
