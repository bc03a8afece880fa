package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * coturn's {@code turnutils_natdiscovery} classifies the "NAT" between itself and Turnpike with the
 * RFC 5780 tests (mapping: tests I-III of §4.3; filtering: CHANGE-REQUEST of §4.4; with PADDING),
 * against the shaded jar running discovery on 127.0.0.1 and 127.0.0.2. On loopback there is no NAT,
 * so the tool must find endpoint-independent mapping and filtering, which it can only conclude when
 * every changed-address answer arrived from where OTHER-ADDRESS said.
 */
class NatDiscoveryIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** A port free for UDP on both 127.0.0.1 and 127.0.0.2 (P2). */
    private static int freeOnBoth() throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (DatagramSocket a = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"));
                    DatagramSocket b = new DatagramSocket(port, InetAddress.getByName("127.0.0.2"))) {
                return port;
            } catch (java.net.SocketException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free UDP port on 127.0.0.1 and 127.0.0.2");
    }

    @Test
    void natdiscoveryFindsEndpointIndependentMappingAndFiltering() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "interop",
                "NatDiscoveryIT-" + System.currentTimeMillis()).toAbsolutePath());
        TurnServerSpec spec = TurnServerSpec.loopback(workDir);
        int p2 = freeOnBoth();
        ServerProcess server = new TurnpikeLauncher().start(spec, workDir, workDir.resolve("server.log"),
                "\nturnpike.nat-discovery { alternate-address = \"127.0.0.2\", alternate-port = " + p2 + " }\n");
        try {
            server.awaitReady(Duration.ofSeconds(30));
            ToolRun run = ToolRun.run(List.of("turnutils_natdiscovery", "-m", "-f", "-P", "-p",
                    Integer.toString(spec.udpPort()), spec.host()), workDir, LIMIT);
            assertFalse(run.timedOut(), run::describe);
            assertEquals(0, run.exitCode(), run::describe);
            String out = run.output();
            assertTrue(out.contains("Other addr: : 127.0.0.2:" + p2), run::describe);
            assertTrue(out.contains("Response origin: : 127.0.0.2:" + p2), "a change-IP-and-port answer\n" + run.describe());
            assertTrue(out.contains("NAT with Endpoint Independent Mapping!"), run::describe);
            assertTrue(out.contains("NAT with Endpoint Independent Filtering!"), run::describe);
        } finally {
            server.stop();
        }
    }
}
