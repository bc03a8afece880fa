package io.turnpike.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.turnpike.server.auth.CredentialStore;
import io.turnpike.server.auth.CredentialStores;
import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.auth.SharedSecrets;
import io.turnpike.server.auth.StaticUsers;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.DataDirectory;
import io.turnpike.server.config.LogSettings;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.config.StartupBanner;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.http.HttpSettings;
import io.turnpike.server.http.IceServerEndpoints;
import io.turnpike.server.security.PeerFilter;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Entry point: {@code java -jar turnpike.jar [--config FILE]}. Loads and validates the configuration
 * (a wrong value stops start-up with a message naming the key), prepares the data directory
 * (generated shared secret, self-signed certificate), starts the server, prints what to paste into
 * an app, and closes everything on SIGTERM.
 */
public final class Main {
    private Main() {
    }

    /** Starts the server and blocks until the JVM is asked to stop. */
    public static void main(String[] args) throws Exception {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    System.out.println("usage: turnpike [--config FILE]");
                    return;
                }
                default -> usage("unknown argument: " + args[i]);
            }
        }
        Config config;
        ServerSettings settings;
        try {
            config = ConfigLoader.load(configFile);
            settings = ServerSettings.from(config);
            validateAreas(config, settings);
            LogSettings.from(config.getConfig("turnpike.log")).apply();
        } catch (ConfigException e) {
            System.err.println("turnpike: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Running running = boot(config, settings, Clock.systemUTC(), TurnEvents.NONE, new TrafficCounters());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "turnpike-shutdown"));
        System.out.print(running.banner());
        System.out.flush();
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("turnpike: " + problem + "\nusage: turnpike [--config FILE]");
        System.exit(2);
    }

    /** Validates the sections other areas own (TLS, HTTP, usage); throws naming the wrong key. */
    private static HttpSettings validateAreas(Config config, ServerSettings settings) {
        TlsSettings.from(config.getConfig("turnpike.tls"));
        LogSettings.from(config.getConfig("turnpike.log"));
        HttpSettings http = ApiWiring.settingsFrom(config,
                !settings.auth().sharedSecrets().isEmpty() || settings.auth().generateSecret());
        int shared = settings.listen().sharedTlsPort();
        if (http != null && settings.listen().sharedTls() && shared != 0 && http.port() == shared) {
            throw new ConfigException.BadValue(config.getValue("turnpike.listen.shared-tls-port").origin(),
                    "turnpike.listen.shared-tls-port", "a port different from turnpike.http.port " + shared
                    + " (the shared port serves the HTTP API itself)");
        }
        return http;
    }

    /**
     * A started server and what it needs closed with it.
     *
     * @param server the TURN server
     * @param tls the TLS context holder, or null when TLS and HTTPS are off
     * @param api the HTTP API, metrics and usage accounting, or null when {@code turnpike.http} is off
     * @param background scheduler for certificate reloads
     * @param banner the start-up text for stdout
     */
    public record Running(TurnpikeServer server, ServerTls tls, ApiWiring api, ScheduledExecutorService background,
            String banner) {
        /** Stops HTTP, closes the server, then usage accounting, TLS and the scheduler. */
        public void close() {
            if (api != null) {
                api.stopHttp();
            }
            server.close();
            if (api != null) {
                api.close(); // after the server: the allocations it closed are counted and written
            }
            if (tls != null) {
                tls.close();
            }
            background.shutdownNow();
        }
    }

    /**
     * Prepares the data directory, credentials, TLS and peer policy, starts the server and (unless
     * {@code turnpike.http.enabled = false}) the HTTP API with metrics and usage accounting. The
     * engine counts into {@code counters} (which the metrics read) and reports to the metrics, the
     * usage ledger and {@code events}.
     */
    public static Running boot(Config config, ServerSettings settings, Clock clock, TurnEvents events,
            TrafficCounters counters) throws Exception {
        DataDirectory dataDir = DataDirectory.open(settings.dataDir());
        List<byte[]> secrets = new ArrayList<>(settings.auth().sharedSecrets());
        String secretFile = null;
        if (secrets.isEmpty() && settings.auth().generateSecret()) {
            secrets.add(dataDir.loadOrGenerateSecret(new SecureRandom()).getBytes(StandardCharsets.UTF_8));
            secretFile = dataDir.path().resolve(DataDirectory.SHARED_SECRET_FILE).toString();
        }
        CredentialStore credentials = CredentialStores.firstOf(List.of(
                new StaticUsers(settings.auth().staticUsers(), settings.realm()),
                new SharedSecrets(secrets, settings.realm())));
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "turnpike-background");
            t.setDaemon(true);
            return t;
        });
        HttpSettings http = validateAreas(config, settings);
        ServerTls tls = null;
        if (settings.listen().tls() || settings.listen().sharedTls() || settings.listen().dtls().enabled()
                || http != null && http.tls()) {
            tls = ServerTls.open(TlsSettings.from(config.getConfig("turnpike.tls")), dataDir.path(),
                    settings.effectivePublicHost().replace("[", "").replace("]", ""), clock);
            tls.startWatching(background);
        }
        PeerFilter peers = settings.security().peerFilter().refuseAlways(ownAddresses(settings, http));
        ServerTls current = tls;
        byte[] newest = secrets.isEmpty() ? null : secrets.get(0);
        ApiWiring api = http == null ? null
                : ApiWiring.prepare(config, http, dataDir.path(), () -> newest, tls, counters, clock);
        TurnpikeServer server;
        String host = settings.effectivePublicHost();
        try {
            server = TurnpikeServer.start(settings, new TurnpikeServer.Services(clock,
                    api == null ? events : api.events(events), counters,
                    api == null ? credentials : api.credentials(credentials),
                    peers::allows, current == null || !settings.listen().tls() ? null : current::sslContext, 0));
        } catch (Exception e) {
            if (api != null) {
                api.close();
            }
            throw e;
        }
        if (settings.listen().sharedTls()) {
            try {
                server.bindSharedTls(current::alpnContext);
            } catch (Exception e) {
                server.close();
                if (api != null) {
                    api.close();
                }
                throw sharedPortFailed(settings, e);
            }
        }
        if (settings.listen().dtls().enabled()) {
            try {
                server.bindDtls(current::dtlsContext);
            } catch (Exception e) {
                server.close();
                if (api != null) {
                    api.close();
                }
                throw e;
            }
        }
        if (api != null) {
            try {
                api.start(server, host, tls, settings.security().tcp().handshakeTimeout());
            } catch (Exception e) {
                api.close();
                server.close();
                throw e;
            }
        }
        RestCredentials.Credential credential = newest == null ? null
                : RestCredentials.mint(newest, clock.millis() / 1000 + StartupBanner.CREDENTIAL_SECONDS,
                        "turnpike-cli");
        IceServerEndpoints endpoints = IceServerEndpoints.of(host, server.address(Transport.UDP),
                server.address(Transport.TCP), server.address(Transport.TLS), server.sharedTlsAddress());
        String banner = StartupBanner.render(dataDir.path().toString(), listening(server), secretFile,
                Map.of("iceServers", endpoints.iceServers(credential)), credential)
                + (api == null ? "" : api.bannerLines(host));
        return new Running(server, tls, api, background, banner);
    }

    /** A bind failure of the shared TLS port, explained: port 443 needs a privilege (docs/port-443.md). */
    private static java.net.BindException sharedPortFailed(ServerSettings settings, Exception cause) {
        java.net.BindException e = new java.net.BindException("turnpike.listen.shared-tls-port: cannot bind port "
                + settings.listen().sharedTlsPort() + " (" + cause.getMessage() + "); ports below 1024 need"
                + " CAP_NET_BIND_SERVICE (setcap, or AmbientCapabilities in systemd) or a port forward,"
                + " see docs/port-443.md");
        e.initCause(cause);
        return e;
    }

    private static String listening(TurnpikeServer server) {
        List<String> parts = new ArrayList<>();
        for (Transport t : Transport.values()) {
            for (InetSocketAddress a : server.addresses(t)) {
                String host = a.getAddress().isAnyLocalAddress() ? "*" : a.getAddress().getHostAddress();
                parts.add(t.label() + " " + host + ":" + a.getPort());
            }
        }
        InetSocketAddress shared = server.sharedTlsAddress();
        if (shared != null) {
            parts.add("tls+https " + (shared.getAddress().isAnyLocalAddress() ? "*"
                    : shared.getAddress().getHostAddress()) + ":" + shared.getPort());
        }
        return String.join(", ", parts);
    }

    /**
     * Every socket the server listens on, which no client may use as a peer: relaying into its own
     * STUN/TURN sockets would loop packets through the server (RFC 8656 §21.1.7), and the HTTP API is
     * for the application's back end, not for relayed clients (an RFC 6062 TCP relay could reach it).
     * Covers UDP, TCP, TLS and DTLS, the shared TLS port, the RFC 5780 discovery sockets and the API.
     */
    static Set<InetSocketAddress> ownAddresses(ServerSettings settings, HttpSettings http) {
        Set<InetSocketAddress> own = new HashSet<>();
        for (InetAddress address : settings.listen().addresses()) {
            own.add(new InetSocketAddress(address, settings.listen().udpPort()));
            own.add(new InetSocketAddress(address, settings.listen().tcpPort()));
            own.add(new InetSocketAddress(address, settings.listen().tlsPort()));
            if (settings.listen().sharedTls()) {
                own.add(new InetSocketAddress(address, settings.listen().sharedTlsPort()));
            }
            if (settings.listen().dtls().enabled()) {
                own.add(new InetSocketAddress(address, settings.listen().dtls().port()));
            }
        }
        if (settings.natDiscovery().enabled()) {
            // A1:P2, A2:P1 and A2:P2 beside the UDP listener on A1:P1 (RFC 5780 §6)
            InetAddress a1 = settings.natDiscovery().address();
            InetAddress a2 = settings.natDiscovery().alternateAddress();
            int p2 = settings.natDiscovery().alternatePort();
            own.add(new InetSocketAddress(a1, p2));
            own.add(new InetSocketAddress(a2, settings.listen().udpPort()));
            own.add(new InetSocketAddress(a2, p2));
        }
        if (http != null) {
            InetSocketAddress api = new InetSocketAddress(http.bindAddress(), http.port());
            // A name that does not resolve here refuses the port on every address instead.
            own.add(api.isUnresolved() ? new InetSocketAddress(http.port()) : api);
        }
        return own;
    }

    /** For tests: loads {@code file} (or the defaults) and validates it like start-up does. */
    static ServerSettings settingsFrom(Path file) throws IOException {
        Config config = ConfigLoader.load(file);
        ServerSettings settings = ServerSettings.from(config);
        validateAreas(config, settings);
        return settings;
    }
}
