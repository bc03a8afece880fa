package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.turnpike.server.TurnpikeServer;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.auth.CredentialStores;
import io.turnpike.server.auth.SharedSecrets;
import io.turnpike.server.auth.StaticUsers;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the generator for about two seconds at a low rate against an in-process Turnpike on
 * loopback (ephemeral listener ports, a small relay range at a random offset, a self-signed TLS
 * certificate generated at run time), and checks that it relays over UDP, TCP and TLS, measures,
 * and releases its allocations at the end (Refresh LIFETIME 0, RFC 8656 §7).
 */
@Timeout(60)
class LoadGeneratorEndToEndTest {
    private static final String SECRET = "load-test-secret-0123456789";

    private Path dataDir;
    private TurnpikeServer server;
    private TrafficCounters counters;
    private ServerTls tls;

    @BeforeEach
    void startServer() throws Exception {
        dataDir = Files.createTempDirectory("turnpike-load-test");
        int base = 30000 + ThreadLocalRandom.current().nextInt(0, 1000) * 10;
        ServerSettings settings = ServerSettings.from(ConfigLoader.overDefaults(ConfigFactory.parseString(
                String.join("\n",
                        "turnpike.data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"",
                        "turnpike.listen.addresses = [\"127.0.0.1\"]",
                        "turnpike.listen.udp-port = 0", "turnpike.listen.tcp-port = 0", "turnpike.listen.tls-port = 0",
                        "turnpike.relay.bind-address = \"127.0.0.1\"",
                        "turnpike.relay.min-port = " + base, "turnpike.relay.max-port = " + (base + 9)))));
        counters = new TrafficCounters();
        tls = ServerTls.open(TlsSettings.selfSigned(), dataDir, "127.0.0.1", Clock.systemUTC());
        server = TurnpikeServer.start(settings, new TurnpikeServer.Services(Clock.systemUTC(), TurnEvents.NONE,
                counters, CredentialStores.firstOf(List.of(
                        new StaticUsers(Map.of("alice", "wonderland"), settings.realm()),
                        new SharedSecrets(List.of(SECRET.getBytes(StandardCharsets.UTF_8)), settings.realm()))),
                PeerPolicy.ALLOW_ALL, tls::sslContext, 1));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        tls.close();
        try (var walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String address(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private Report run(String... args) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report report = LoadGenerator.execute(LoadOptions.parse(args), new PrintStream(progress, true, "UTF-8"));
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("setup: "), lines);
        return report;
    }

    @Test
    void udpChannelsWithAStaticUserRelayMeasureAndRelease() throws Exception {
        Report r = run("--server", address(server.address(Transport.UDP)), "-u", "alice", "-w", "wonderland",
                "--allocations", "4", "--rate", "50", "--duration", "2s", "--drain", "500ms");
        assertEquals(4, r.setup().ok(), r.toText());
        assertEquals(0, r.setup().failed(), r.toText());
        Report.Load l = r.load();
        assertNotNull(l);
        // 4 allocations x 50 packets/s x 2 s; the pacer may run a tick short or long.
        assertTrue(l.sent() >= 350 && l.sent() <= 450, r.toText());
        assertTrue(l.echoed() >= l.sent() * 0.95, r.toText()); // loopback: nothing should be lost
        assertTrue(l.rttP50Ms() > 0 && l.rttP50Ms() <= l.rttP99Ms() && l.rttP99Ms() <= l.rttMaxMs(), r.toText());
        assertTrue(counters.packets(io.turnpike.server.events.Direction.CLIENT_TO_PEER, Transport.UDP) >= l.echoed(),
                "the server counted what it relayed");
        assertEquals(0, server.allocationCount(), "Refresh LIFETIME 0 released every allocation");
    }

    @Test
    void tcpSendIndicationsWithRestCredentialsRelay() throws Exception {
        Report r = run("--server", address(server.address(Transport.TCP)), "--transport", "tcp", "--mode", "send",
                "--secret", SECRET, "--allocations", "3", "--rate", "40", "--duration", "2s", "--drain", "500ms",
                "--json");
        assertEquals(3, r.setup().ok(), r.toText());
        assertTrue(r.load().echoed() >= r.load().sent() * 0.95 && r.load().sent() > 150, r.toText());
        assertTrue(r.toJson().contains("\"transport\" : \"tcp\""), r.toJson());
        assertEquals(0, server.allocationCount(), "closing the connections ended the allocations");
    }

    @Test
    void tlsWithASelfSignedCertificateRelays() throws Exception {
        Report r = run("--server", address(server.address(Transport.TLS)), "--transport", "tls", "-u", "alice",
                "-w", "wonderland", "--allocations", "2", "--rate", "50", "--duration", "2s", "--drain", "500ms");
        assertEquals(2, r.setup().ok(), r.toText());
        assertTrue(r.load().echoed() >= r.load().sent() * 0.95 && r.load().sent() > 150, r.toText());
        assertEquals(0, server.allocationCount(), "released at the end");
    }

    @Test
    void wrongPasswordIsReportedAsASetupFailure() throws Exception {
        Report r = run("--server", address(server.address(Transport.UDP)), "-u", "alice", "-w", "nope",
                "--allocations", "2", "--duration", "1s");
        assertEquals(0, r.setup().ok());
        assertEquals(2, r.setup().failed());
        assertTrue(r.setup().failures().keySet().iterator().next().startsWith("401"), r.toText());
        assertEquals(null, r.load(), "no load phase without allocations");
    }
}
