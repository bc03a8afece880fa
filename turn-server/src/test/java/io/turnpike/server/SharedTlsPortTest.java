package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.testing.TrustingTls;
import io.turnpike.server.testing.TurnClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One TLS port for TURN and the HTTPS API (turnpike.listen.shared-tls, docs/port-443.md): ALPN
 * {@code stun.turn} (RFC 7443 §3) or {@code http/1.1} picks the protocol; without ALPN the first bytes do.
 */
@ExtendWith(LeakCheck.class)
class SharedTlsPortTest {
    @TempDir
    static Path dir;
    private static WiredServer wired;
    private static SSLContext trusting;
    private static InetSocketAddress shared;

    @BeforeAll
    static void start() throws Exception {
        wired = new WiredServer(dir, 0, "turnpike.listen { shared-tls = true, shared-tls-port = 0 }\n"
                + "turnpike.security.tcp.handshake-timeout = 1s");
        shared = wired.server.sharedTlsAddress();
        trusting = TrustingTls.context(wired.running.tls().certificate());
    }

    @AfterAll
    static void stop() {
        wired.close();
    }

    /** A TLS socket to the shared port, handshaken, offering {@code alpn} (none when empty). */
    private static SSLSocket connect(String... alpn) throws IOException {
        SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket(shared.getAddress(), shared.getPort());
        s.setSoTimeout(5000);
        SSLParameters p = s.getSSLParameters();
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static TurnClient turn(SSLSocket s, JsonNode entry) throws IOException {
        return TurnClient.stream(s).credentials(entry.get("username").asText(), entry.get("credential").asText());
    }

    @Test
    void iceServersListTheSharedPortAsTurnsTransportTcp() throws Exception {
        List<String> urls = new ArrayList<>();
        wired.turnEntry().get("urls").forEach(u -> urls.add(u.asText()));
        String last = urls.get(urls.size() - 1);
        assertEquals("turns:127.0.0.1:" + shared.getPort() + "?transport=tcp", last, urls.toString());
        assertTrue(urls.contains("turns:127.0.0.1:" + wired.server.address(io.turnpike.server.events.Transport.TLS)
                .getPort() + "?transport=tcp"), "the ordinary TLS port is still listed");
        String banner = wired.running.banner();
        assertTrue(banner.contains("tls+https 127.0.0.1:" + shared.getPort()), banner);
        assertTrue(banner.contains("turns:127.0.0.1:" + shared.getPort() + "?transport=tcp"), banner);
    }

    @Test
    void alpnStunTurnClientAllocates_rfc7443() throws Exception {
        JsonNode entry = wired.turnEntry();
        try (SSLSocket s = connect("stun.turn"); TurnClient c = turn(s, entry)) {
            assertEquals("stun.turn", s.getApplicationProtocol());
            StunMessage allocated = c.allocate();
            assertEquals(StunClass.SUCCESS_RESPONSE, allocated.messageClass(), String.valueOf(TurnClient.errorCode(allocated)));
            assertNotNull(allocated.get(XorRelayedAddress.class));
        }
    }

    @Test
    void clientWithoutAlpnIsRecognisedByItsFirstStunMessage() throws Exception {
        JsonNode entry = wired.turnEntry();
        try (SSLSocket s = connect(); TurnClient c = turn(s, entry)) {
            assertTrue(s.getApplicationProtocol() == null || s.getApplicationProtocol().isEmpty(), "no ALPN");
            StunMessage binding = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
            assertEquals(c.localAddress(), binding.get(XorMappedAddress.class).address());
            StunMessage allocated = c.allocate();
            assertEquals(StunClass.SUCCESS_RESPONSE, allocated.messageClass());
        }
    }

    @Test
    void httpsClientReachesTheApiOnTheSamePort() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("https://127.0.0.1:" + shared.getPort());
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(base.resolve("/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(HttpClient.Version.HTTP_1_1, health.version(), "offered h2 and http/1.1; http/1.1 chosen");
        HttpResponse<String> generated = https.send(HttpRequest.newBuilder(base.resolve(
                "/v1/turn/keys/" + WiredServer.KEY + "/credentials/generate-ice-servers"))
                .header("Authorization", "Bearer " + WiredServer.TOKEN).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\": 60}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, generated.statusCode(), generated.body());
    }

    @Test
    void httpWithoutAlpnIsRecognisedByItsRequestLine() throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    @Test
    void aClientOfferingOnlyOtherProtocolsGetsNoAlpnAndIsToldApartByItsBytes() throws Exception {
        try (SSLSocket s = connect("h2")) {
            assertTrue(s.getApplicationProtocol() == null || s.getApplicationProtocol().isEmpty(),
                    "no ALPN selected, no handshake failure");
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    @Test
    void garbageAfterTheHandshakeIsClosed() throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7});
            s.getOutputStream().flush();
            assertTrue(closedByServer(s.getInputStream()), "closed without an answer");
        }
        // ChannelData cannot open a connection (no channel is bound yet): closed too.
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(new byte[] {0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4});
            assertTrue(closedByServer(s.getInputStream()));
        }
    }

    @Test
    void silentClientAfterTheHandshakeIsClosedWithinTheHandshakeTimeout() throws Exception {
        long start = System.nanoTime();
        try (SSLSocket s = connect()) {
            assertTrue(closedByServer(s.getInputStream()));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900 && millis < 4500, "closed after " + millis + " ms, not at the 60 s idle timeout");
    }

    @Test
    void plainTextOnTheTlsPortIsClosed() throws Exception {
        try (Socket s = new Socket(shared.getAddress(), shared.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(closedByServer(s.getInputStream()));
        }
    }

    @Test
    void theOrdinaryHttpListenerKeepsWorking() throws Exception {
        assertEquals(200, wired.send("GET", "/health", null, null).statusCode());
    }

    private static boolean closedByServer(InputStream in) {
        try {
            for (int i = 0; i < 64 * 1024; i++) {
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false; // still open
        } catch (IOException e) {
            return true; // reset or TLS close alert
        }
    }
}
