package io.turnpike.server.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium relays through {@code turns:} on the TLS port shared with the HTTPS API
 * (turnpike.listen.shared-tls, docs/port-443.md). Browsers offer no ALPN for TURN over TLS, so this is
 * the first-bytes path: the port must recognise Chromium's first STUN message after the handshake.
 */
class SharedTlsPortChromiumIT {
    @Test
    void chromiumRelaysOverTurnsOnTheSharedPort() throws Exception {
        Path workDir = Files.createDirectories(Path.of("target", "interop",
                "SharedTlsPortChromiumIT-" + System.currentTimeMillis()).toAbsolutePath());
        TurnServerSpec spec = TurnServerSpec.loopback(workDir);
        int shared = FreePorts.tcp(spec.tcpPort(), spec.tlsPort());
        int http = FreePorts.tcp(spec.tcpPort(), spec.tlsPort(), shared);
        ServerProcess server = new TurnpikeLauncher().start(spec, workDir, workDir.resolve("server.log"),
                "\nturnpike.listen { shared-tls = true, shared-tls-port = " + shared + " }\n"
                        + "turnpike.http { enabled = true, bind-address = \"127.0.0.1\", port = " + http + " }\n");
        try {
            server.awaitReady(Duration.ofSeconds(30));
            ChromiumRelayIT.assertBrowsersRelay(server,
                    "turns:" + spec.host() + ":" + shared + "?transport=tcp", "tls");
        } finally {
            server.stop();
        }
    }
}
