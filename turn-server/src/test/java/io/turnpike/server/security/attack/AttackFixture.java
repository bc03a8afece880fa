package io.turnpike.server.security.attack;

import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.events.Transport;
import io.turnpike.server.security.PeerFilter;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TrustingTls;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;

/**
 * Servers for the attack tests: the production peer filter (built from the test's configuration
 * exactly as {@code Main} builds it, refusing the server's own listening addresses) and a TLS listener
 * with a self-signed certificate generated at run time, plus a client socket factory trusting it.
 */
final class AttackFixture implements AutoCloseable {
    private final Path tlsDir;
    private final ServerTls tls;
    private final SSLSocketFactory trusting;

    /** Generates the certificate (once per test class: it costs a key generation). */
    AttackFixture() throws Exception {
        tlsDir = Files.createTempDirectory("turnpike-attack-tls");
        tls = ServerTls.open(TlsSettings.selfSigned(), tlsDir, "127.0.0.1", MutableClock.now());
        trusting = TrustingTls.context(tls.certificate()).getSocketFactory();
    }

    /** A client-side factory trusting the server's self-signed certificate. */
    SSLSocketFactory trusting() {
        return trusting;
    }

    /** A server with UDP, TCP and TLS listeners and the test configuration's own peer settings. */
    TestServer server(String config) throws Exception {
        // The listening ports are ephemeral, so the filter learns them after binding; until then
        // (no client can have an allocation yet) it refuses everything.
        AtomicReference<PeerFilter> filter = new AtomicReference<>();
        PeerPolicy policy = peer -> {
            PeerFilter f = filter.get();
            return f != null && f.allows(peer);
        };
        TestServer s = TestServer.start(config, policy, tls::sslContext);
        Set<InetSocketAddress> own = new HashSet<>();
        for (Transport t : Transport.values()) {
            own.addAll(s.server.addresses(t));
        }
        filter.set(s.server.settings().security().peerFilter().refuseAlways(own));
        return s;
    }

    @Override
    public void close() throws Exception {
        tls.close();
        try (var walk = Files.walk(tlsDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
