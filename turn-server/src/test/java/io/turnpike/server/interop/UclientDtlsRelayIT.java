package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * coturn's {@code turnutils_uclient -S} without {@code -t} speaks DTLS (RFC 7350) to the server:
 * Allocate (RTP/RTCP pairs with EVEN-PORT and RESERVATION-TOKEN), ChannelBind and ChannelData, or
 * Send/Data indications, all inside DTLS 1.2 records, relayed to coturn's echo peer with no loss.
 * uclient picks DTLS 1.0 or 1.2 at random per connection; the server refuses 1.0 with a
 * protocol_version alert and uclient reconnects, so every connection that carries data is DTLS 1.2.
 */
class UclientDtlsRelayIT {
    private static final int SESSIONS = 2;
    private static final int MESSAGES = 50;
    private static final int LENGTH = 120;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "send indications: {0}")
    @ValueSource(booleans = {false, true})
    void relaysEveryMessageOverDtls(boolean sendIndications) throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "interop",
                "UclientDtlsRelayIT-" + sendIndications + "-" + System.currentTimeMillis()).toAbsolutePath());
        TurnServerSpec spec = TurnServerSpec.loopback(workDir);
        int dtls = dtlsPort(spec);
        ServerProcess server = new TurnpikeLauncher().start(spec, workDir, workDir.resolve("server.log"),
                "\nturnpike.listen { dtls = true, dtls-port = " + dtls + " }\n");
        try (EchoPeer peer = EchoPeer.start(spec.host(), workDir)) {
            server.awaitReady(Duration.ofSeconds(30));
            awaitDtls(server);
            List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-S", "-p", Integer.toString(dtls),
                    "-u", spec.user().name(), "-w", spec.user().password(),
                    "-m", Integer.toString(SESSIONS), "-n", Integer.toString(MESSAGES),
                    "-l", Integer.toString(LENGTH), "-z", "5"));
            if (sendIndications) {
                command.add("-s");
            }
            command.addAll(peer.uclientArguments());
            command.add(spec.host());

            ToolRun run = ToolRun.run(command, server.workDir(), LIMIT);

            UclientReport.assertEveryMessageEchoed(run, (long) SESSIONS * MESSAGES, LENGTH);
            for (String line : run.output().split("\n")) {
                if (line.contains("client session connected")) {
                    assertTrue(line.endsWith("method=DTLSv1.2"), () -> "only DTLS 1.2 is accepted: " + line);
                }
            }
        } finally {
            server.stop();
        }
    }

    /** A free UDP port outside the spec's relay range. */
    private static int dtlsPort(TurnServerSpec spec) throws IOException {
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.udpRange(1, spec.udpPort());
            if (!spec.isRelayPort(port)) {
                return port;
            }
        }
        throw new IOException("no free UDP port for DTLS");
    }

    /** The DTLS listener binds right after the others; its log line says when. */
    private static void awaitDtls(ServerProcess server) throws InterruptedException {
        for (int i = 0; i < 100 && !server.output().contains("DTLS: ["); i++) {
            Thread.sleep(50);
        }
        assertTrue(server.output().contains("DTLS: ["), () -> server.outputTail(40));
    }
}
