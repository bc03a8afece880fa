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
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.config.StartupBanner;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TurnEvents;
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
            TlsSettings.from(config.getConfig("turnpike.tls"));
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

    /**
     * A started server and what it needs closed with it.
     *
     * @param server the TURN server
     * @param tls the TLS context holder, or null when TLS is off
     * @param background scheduler for certificate reloads
     * @param banner the start-up text for stdout
     */
    public record Running(TurnpikeServer server, ServerTls tls, ScheduledExecutorService background, String banner) {
        /** Closes the server, then TLS and the scheduler. */
        public void close() {
            server.close();
            if (tls != null) {
                tls.close();
            }
            background.shutdownNow();
        }
    }

    /**
     * Prepares the data directory, credentials, TLS and peer policy, and starts the server reporting
     * to {@code events} and {@code counters} (metrics, usage and logs listen there).
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
        ServerTls tls = null;
        if (settings.listen().tls()) {
            tls = ServerTls.open(TlsSettings.from(config.getConfig("turnpike.tls")), dataDir.path(),
                    settings.effectivePublicHost().replace("[", "").replace("]", ""), clock);
            tls.startWatching(background);
        }
        PeerFilter peers = settings.security().peerFilter().refuseAlways(ownAddresses(settings));
        ServerTls current = tls;
        TurnpikeServer server = TurnpikeServer.start(settings, new TurnpikeServer.Services(clock, events, counters,
                credentials, peers::allows, current == null ? null : current::sslContext, 0));
        RestCredentials.Credential credential = secrets.isEmpty() ? null
                : RestCredentials.mint(secrets.get(0), clock.millis() / 1000 + StartupBanner.CREDENTIAL_SECONDS,
                        "turnpike-cli");
        String host = settings.effectivePublicHost();
        String banner = StartupBanner.render(dataDir.path().toString(), listening(server), secretFile,
                StartupBanner.iceServers(host, server.address(Transport.UDP), server.address(Transport.TCP),
                        server.address(Transport.TLS), credential), credential);
        return new Running(server, tls, background, banner);
    }

    private static String listening(TurnpikeServer server) {
        List<String> parts = new ArrayList<>();
        for (Transport t : Transport.values()) {
            for (InetSocketAddress a : server.addresses(t)) {
                String host = a.getAddress().isAnyLocalAddress() ? "*" : a.getAddress().getHostAddress();
                parts.add(t.label() + " " + host + ":" + a.getPort());
            }
        }
        return String.join(", ", parts);
    }

    /** The server's own listening transport addresses, which clients may never relay to. */
    private static Set<InetSocketAddress> ownAddresses(ServerSettings settings) {
        Set<InetSocketAddress> own = new HashSet<>();
        for (InetAddress address : settings.listen().addresses()) {
            own.add(new InetSocketAddress(address, settings.listen().udpPort()));
            own.add(new InetSocketAddress(address, settings.listen().tcpPort()));
            own.add(new InetSocketAddress(address, settings.listen().tlsPort()));
        }
        return own;
    }

    /** For tests: loads {@code file} (or the defaults) and validates it like start-up does. */
    static ServerSettings settingsFrom(Path file) throws IOException {
        Config config = ConfigLoader.load(file);
        TlsSettings.from(config.getConfig("turnpike.tls"));
        return ServerSettings.from(config);
    }
}
