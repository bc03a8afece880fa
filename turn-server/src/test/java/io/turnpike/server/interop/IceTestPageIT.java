package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's ICE test page in the browser it is written for: Turnpike's shaded jar runs with its
 * HTTP API on loopback (plain HTTP) and loopback peers allowed; headless Chromium opens {@code GET /}
 * with an API key in the fragment ({@code #key=…&token=…&run}); the page mints a credential through
 * the API and gathers candidates against each URL it got. The test checks that the page reports a
 * relay candidate (PASS) for UDP, TCP and TLS, and that each relay candidate is on the server's
 * relay range.
 */
class IceTestPageIT {
    private static final String KEY = "page";
    private static final String TOKEN = "test-page-token-0123456789";
    private static final int START_ATTEMPTS = 3;

    /** The interop harness's configuration with the HTTP API switched on, on loopback. */
    private static String hocon(TurnServerSpec spec, int httpPort) {
        return TurnpikeLauncher.hocon(spec) + """
                turnpike.http {
                  enabled = true
                  bind-address = %s
                  port = %d
                  tls = false
                  admin-token = "test-page-admin-0123456789"
                  keys = [{ id = %s, token = %s }]
                }
                """.formatted(TurnpikeLauncher.quote(spec.host()), httpPort, TurnpikeLauncher.quote(KEY),
                TurnpikeLauncher.quote(TOKEN));
    }

    private static ServerProcess start(TurnServerSpec spec, int httpPort, Path workDir, int attempt)
            throws IOException {
        Path jar = Path.of(TurnpikeLauncher.requiredProperty("turnpike.jar"));
        Path config = workDir.resolve("turnpike.conf");
        Files.writeString(config, hocon(spec, httpPort));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dio.netty.leakDetection.level=PARANOID", "-jar", jar.toString(),
                "--config", config.toString());
        return ServerProcess.start("Turnpike", command, workDir,
                workDir.resolve(attempt == 1 ? "server.log" : "server-" + attempt + ".log"), spec);
    }

    /** Polls {@code /ready} until it answers 200 (bounded). */
    private static void awaitHttpReady(URI base, ServerProcess server) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("/ready did not answer 200\n" + server.outputTail(60));
    }

    /** A running server and its HTTP port. */
    private record Started(ServerProcess server, int httpPort) {
    }

    /** Starts on fresh free ports, again with new ones when another test took one meanwhile. */
    private static Started startWithRetries(Path workDir) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            TurnServerSpec spec = TurnServerSpec.loopback(workDir);
            int httpPort = FreePorts.tcp(spec.tcpPort(), spec.tlsPort());
            ServerProcess server = start(spec, httpPort, workDir, attempt);
            try {
                server.awaitReady(Duration.ofSeconds(30));
                awaitHttpReady(URI.create("http://" + spec.host() + ":" + httpPort + "/"), server);
                return new Started(server, httpPort);
            } catch (IOException e) {
                server.kill();
                if (attempt == START_ATTEMPTS || !server.output().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    @Test
    void testPageInChromiumReportsRelayCandidatesForUdpTcpAndTls() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        Path workDir = Files.createDirectories(
                Path.of("target", "interop", "IceTestPageIT-" + stamp).toAbsolutePath());
        Started started = startWithRetries(workDir);
        ServerProcess server = started.server();
        TurnServerSpec spec = server.spec();
        int httpPort = started.httpPort();
        boolean passed = false;
        try {
            URI base = URI.create("http://" + spec.host() + ":" + httpPort + "/");
            NodeScript script = NodeScript.run("test-page.mjs", Map.of(
                            "url", base + "#key=" + KEY + "&token=" + TOKEN + "&run",
                            "timeoutMs", 90000),
                    workDir, Duration.ofSeconds(110));
            assertTrue(script.ok(), () -> script.describe() + "\n" + server.outputTail(60));
            JsonNode result = script.result();
            for (String transport : new String[] {"udp", "tcp", "tls"}) {
                assertEquals("pass", result.path("summary").path(transport).asText(),
                        () -> transport + ": " + result.path("probes") + "\n" + script.describe());
                assertEquals("PASS", result.path("cells").path(transport).asText(), transport + " cell");
            }
            int relays = 0;
            for (JsonNode probe : result.path("probes")) {
                for (JsonNode candidate : probe.path("candidates")) {
                    if (candidate.path("type").asText().equals("relay")) {
                        relays++;
                        assertTrue(spec.isRelayPort(candidate.path("port").asInt()),
                                () -> "relay candidate on the server's relay range: " + candidate);
                    }
                }
            }
            assertTrue(relays >= 3, "a relay candidate per transport: " + result.path("probes"));
            passed = true;
        } finally {
            if (passed) {
                server.stop();
            } else {
                server.kill();
            }
        }
    }
}
