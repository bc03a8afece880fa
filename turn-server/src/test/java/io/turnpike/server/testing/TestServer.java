package io.turnpike.server.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.netty.handler.ssl.SslContext;
import io.turnpike.server.TurnpikeServer;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.auth.CredentialStore;
import io.turnpike.server.auth.CredentialStores;
import io.turnpike.server.auth.SharedSecrets;
import io.turnpike.server.auth.StaticUsers;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.transport.NettyTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * An in-process server on loopback for tests: ephemeral listener ports, a small relay port range at a
 * random offset (so parallel test JVMs rarely collide), static user alice/wonderland, a shared secret,
 * a controllable clock and recording events.
 */
public final class TestServer implements AutoCloseable {
    /** Static user name. */
    public static final String USER = "alice";
    /** Static user password. */
    public static final String PASSWORD = "wonderland";
    /** The REST shared secret. */
    public static final String SECRET = "test-shared-secret-0123456789";
    /** A second, older secret valid at the same time (rotation). */
    public static final String OLD_SECRET = "older-shared-secret-9876543210";

    public final MutableClock clock = MutableClock.now();
    public final RecordingEvents events = new RecordingEvents();
    public final TrafficCounters counters = new TrafficCounters();
    public final TurnpikeServer server;
    private final Path dataDir;

    private TestServer(String extraConfig, PeerPolicy peers, Supplier<SslContext> tls) throws Exception {
        this(extraConfig, peers, tls, NettyTransport.detect());
    }

    private TestServer(String extraConfig, PeerPolicy peers, Supplier<SslContext> tls, NettyTransport transport)
            throws Exception {
        dataDir = Files.createTempDirectory("turnpike-test");
        int base = 20000 + ThreadLocalRandom.current().nextInt(0, 2000) * 10;
        Config overrides = ConfigFactory.parseString(String.join("\n",
                "turnpike.data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"",
                "turnpike.listen.addresses = [\"127.0.0.1\"]",
                "turnpike.listen.udp-port = 0", "turnpike.listen.tcp-port = 0", "turnpike.listen.tls-port = 0",
                "turnpike.relay.bind-address = \"127.0.0.1\"", "turnpike.relay.bind-address-v6 = \"::1\"",
                "turnpike.relay.min-port = " + base, "turnpike.relay.max-port = " + (base + 9)) + "\n" + extraConfig);
        ServerSettings settings = ServerSettings.from(ConfigLoader.overDefaults(overrides));
        CredentialStore store = CredentialStores.firstOf(List.of(
                new StaticUsers(settings.auth().staticUsers().isEmpty()
                        ? java.util.Map.of(USER, PASSWORD) : settings.auth().staticUsers(), settings.realm()),
                new SharedSecrets(List.of(SECRET.getBytes(StandardCharsets.UTF_8),
                        OLD_SECRET.getBytes(StandardCharsets.UTF_8)), settings.realm())));
        server = TurnpikeServer.start(settings, new TurnpikeServer.Services(clock, events, counters, store, peers, tls, 2),
                transport);
    }

    /** A server with default settings (plus {@code extraConfig} HOCON lines) allowing every peer. */
    public static TestServer start(String extraConfig) throws Exception {
        return new TestServer(extraConfig, PeerPolicy.ALLOW_ALL, null);
    }

    /** A server with a peer policy and optional TLS. */
    public static TestServer start(String extraConfig, PeerPolicy peers, Supplier<SslContext> tls) throws Exception {
        return new TestServer(extraConfig, peers, tls);
    }

    /** A server allowing every peer on the portable NIO transport (no Linux socket options). */
    public static TestServer startNio(String extraConfig) throws Exception {
        return new TestServer(extraConfig, PeerPolicy.ALLOW_ALL, null, NettyTransport.nio());
    }

    /** The data directory (deleted on close). */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws Exception {
        server.close();
        try (var walk = Files.walk(dataDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
