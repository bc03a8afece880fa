package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP side connected to the TURN engine, end to end in one process: credentials from the API
 * work on the TURN listeners, revocation reaches live allocations, and metrics and usage see what
 * the relay does.
 */
@ExtendWith(LeakCheck.class)
class ApiWiringTest {
    @TempDir
    Path temp;

    /** Relays {@code size} bytes each way through a fresh allocation; returns the client's relay. */
    private static InetSocketAddress relayBothWays(TurnClient c, Peer peer, int size) throws Exception {
        StunMessage allocated = c.allocate();
        assertEquals(0, TurnClient.errorCode(allocated), "Allocate");
        InetSocketAddress relay = allocated.get(XorRelayedAddress.class).address();
        assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                new XorPeerAddress(peer.address()))));
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 7);
        c.sendIndication(peer.address(), payload);
        assertArrayEquals(payload, peer.receive(3000), "client to peer");
        peer.send(relay, payload);
        byte[] indication = c.receive(3000);
        assertArrayEquals(payload, Peer.dataIndicationPayload(indication, peer.address()), "peer to client");
        return relay;
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void generatedCredentialAllocatesOnTheSameServer(Transport transport) throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, "")) {
            JsonNode entry = s.turnEntry();
            String url = transport == Transport.UDP
                    ? "turn:127.0.0.1:" + s.server.address(Transport.UDP).getPort() + "?transport=udp"
                    : "turn:127.0.0.1:" + s.server.address(Transport.TCP).getPort() + "?transport=tcp";
            assertTrue(entry.get("urls").toString().contains(url), "URLs of the bound listeners: " + entry);
            assertTrue(entry.get("username").asText().contains(":" + WiredServer.KEY), entry.toString());
            try (TurnClient c = s.client(transport, entry)) {
                assertEquals(0, TurnClient.errorCode(c.allocate()));
            }
            assertEquals(WiredServer.KEY, s.events.created.get(0).owner(), "owned by the key that minted it");
        }
    }

    @Test
    void revokedCredentialGets401AndItsLiveAllocationIsClosedAndItsPortFreed() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, "");
                Peer peer = new Peer()) {
            JsonNode entry = s.turnEntry();
            String username = entry.get("username").asText();
            try (TurnClient live = s.client(Transport.UDP, entry); TurnClient later = s.client(Transport.UDP, entry)) {
                relayBothWays(live, peer, 10);
                assertEquals(1, s.server.allocationCount());
                assertEquals(1, s.server.relayPorts().inUse());
                HttpResponse<String> r = s.send("POST", "/v1/turn/keys/" + WiredServer.KEY + "/credentials/"
                        + username + "/revoke", WiredServer.TOKEN, null);
                assertEquals(204, r.statusCode(), r.body());
                // A new Allocate with the revoked credential: 401 (RFC 8489 §9.2.4, unknown or refused user).
                assertEquals(401, TurnClient.errorCode(later.allocate()));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while ((s.server.allocationCount() > 0 || s.server.relayPorts().inUse() > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, s.server.allocationCount(), "live allocation closed");
                assertEquals(0, s.server.relayPorts().inUse(), "relay port freed");
                // No refresh either.
                assertEquals(401, TurnClient.errorCode(live.request(StunMethod.REFRESH, new Lifetime(600))));
                assertEquals(1.0, s.metric("turnpike_allocations_closed_total{reason=\"revoked\"}"));
                assertEquals(java.util.List.of(io.turnpike.server.events.CloseReason.REVOKED), s.events.closed,
                        "the embedding code's listener hears it too");
                assertTrue(s.metric("turnpike_auth_failures_total{reason=\"revoked\"}") >= 2);
            }
        }
    }

    /**
     * RFC 8656 §7.2 step 10 per-user quota with API-minted credentials: without a customIdentifier
     * each credential counts as its own user, so the end users of one API key do not share one
     * user's quota; with a customIdentifier the credentials of that identifier do (486 beyond it).
     */
    @Test
    void perUserQuotaCountsEachApiCredentialUnlessACustomIdentifierJoinsThem() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, "turnpike.security.max-allocations-per-user = 1")) {
            JsonNode first = s.turnEntry();
            JsonNode second = s.turnEntry(); // same key, same second
            try (TurnClient a = s.client(Transport.UDP, first); TurnClient b = s.client(Transport.UDP, second)) {
                assertEquals(0, TurnClient.errorCode(a.allocate()));
                assertEquals(0, TurnClient.errorCode(b.allocate()), "another credential of the same key");
            }
            String body = "{\"ttl\": 3600, \"customIdentifier\": \"alice\"}";
            JsonNode alice1 = s.entryOf(s.send("POST", "/v1/turn/keys/" + WiredServer.KEY
                    + "/credentials/generate-ice-servers", WiredServer.TOKEN, body));
            JsonNode alice2 = s.entryOf(s.send("POST", "/v1/turn/keys/" + WiredServer.KEY
                    + "/credentials/generate-ice-servers", WiredServer.TOKEN, body));
            try (TurnClient a = s.client(Transport.UDP, alice1); TurnClient b = s.client(Transport.UDP, alice2)) {
                assertEquals(0, TurnClient.errorCode(a.allocate()));
                assertEquals(486, TurnClient.errorCode(b.allocate()), "alice's second allocation");
            }
        }
    }

    @Test
    void metricsShowAllocationsRelayedBytesAndAuthFailures() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, ""); Peer peer = new Peer()) {
            JsonNode entry = s.turnEntry();
            try (TurnClient c = s.client(Transport.UDP, entry)) {
                relayBothWays(c, peer, 100);
                assertEquals(1.0, s.metric("turnpike_allocations_started_total"));
                assertEquals(1.0, s.metric("turnpike_allocations_active"));
                assertEquals(1.0, s.metric("turnpike_permissions_active"));
                assertEquals(100.0,
                        s.metric("turnpike_relay_bytes_total{direction=\"client_to_peer\",transport=\"udp\"}"));
                assertEquals(100.0,
                        s.metric("turnpike_relay_bytes_total{direction=\"peer_to_client\",transport=\"udp\"}"));
                assertEquals(0.0, s.metric("turnpike_relay_bytes_total{direction=\"client_to_peer\",transport=\"tcp\"}"));
                assertEquals(1.0, s.metric("turnpike_relay_ports_in_use"));
                assertEquals(9.0, s.metric("turnpike_relay_ports_free"));
                assertTrue(s.metric("turnpike_auth_failures_total{reason=\"challenge\"}") >= 1, "first 401");
                assertEquals(s.running.tls().notAfter().getEpochSecond(),
                        (long) s.metric("turnpike_tls_certificate_expiry_seconds"));
            }
            try (TurnClient wrong = s.client(Transport.UDP, entry).credentials(entry.get("username").asText(),
                    "not-the-password")) {
                assertEquals(401, TurnClient.errorCode(wrong.allocate()));
            }
            assertEquals(1.0, s.metric("turnpike_auth_failures_total{reason=\"bad_integrity\"}"));
        }
    }

    @Test
    void usagePerKeyGrowsWhileTheCallLastsAndUsageEndpointReportsIt() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, ""); Peer peer = new Peer()) {
            s.server.sweepNow(); // each loop's first sweep: the next progress report is due a minute later
            try (TurnClient c = s.client(Transport.UDP, s.turnEntry())) {
                relayBothWays(c, peer, 250);
                assertEquals(0.0, s.metric("turnpike_usage_bytes{key=\"" + WiredServer.KEY + "\"}"));
                // The allocation is still live: the loop's sweep reports its bytes once a minute.
                s.clock.advance(Duration.ofSeconds(61));
                s.server.sweepNow();
                assertEquals(500.0, s.metric("turnpike_usage_bytes{key=\"" + WiredServer.KEY + "\"}"));
                HttpResponse<String> r = s.send("GET", "/v1/usage", WiredServer.ADMIN, null);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode key = WiredServer.JSON.readTree(r.body()).get("keys").get(0);
                assertEquals(WiredServer.KEY, key.get("id").asText());
                assertEquals(500, key.get("bytes").asLong());
                assertEquals(1, key.get("allocations").asLong());
                // Ending the call adds only what the progress report had not counted yet.
                relayBothWaysAgain(c, peer);
                assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH, new Lifetime(0))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (s.running.api().usage().bytesThisMonth(WiredServer.KEY) < 502 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(502, s.running.api().usage().bytesThisMonth(WiredServer.KEY));
        }
    }

    private static void relayBothWaysAgain(TurnClient c, Peer peer) throws Exception {
        c.sendIndication(peer.address(), new byte[] {1});
        assertArrayEquals(new byte[] {1}, peer.receive(3000));
        peer.send(peer.lastSender(), new byte[] {2});
        assertArrayEquals(new byte[] {2}, Peer.dataIndicationPayload(c.receive(3000), peer.address()));
    }

    @Test
    void spentQuotaMakesGenerateAnswer429() throws Exception {
        try (WiredServer s = new WiredServer(temp, 150, ""); Peer peer = new Peer()) {
            try (TurnClient c = s.client(Transport.UDP, s.turnEntry())) {
                relayBothWays(c, peer, 100);
                assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH, new Lifetime(0))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            HttpResponse<String> r = s.generate();
            while (r.statusCode() == 201 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                r = s.generate();
            }
            assertEquals(429, r.statusCode(), r.body());
            assertTrue(r.body().contains("quota"), r.body());
        }
    }

    @Test
    void readyAndHealthAnswer200OnceStarted() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, "")) {
            assertEquals(200, s.send("GET", "/ready", null, null).statusCode());
            assertEquals(200, s.send("GET", "/health", null, null).statusCode());
            assertEquals(200, s.send("GET", "/", null, null).statusCode(), "ICE test page");
        }
    }

    @Test
    void referenceConfIncludesTheHttpDefaults() throws Exception {
        com.typesafe.config.Config defaults = io.turnpike.server.config.ConfigLoader.load(null);
        assertEquals(8443, defaults.getInt("turnpike.http.port"));
        assertTrue(defaults.getBoolean("turnpike.http.tls"), "HTTPS by default");
        assertEquals("usage.json", defaults.getString("turnpike.usage.file"));
    }

    /** RFC 8656 §7.2 step 10 (486): the per-user quota counts an API key's users, not the key. */
    @Test
    void perUserAllocationQuotaCountsCustomIdentifiersOrCredentialsNotTheWholeKey() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, "turnpike.security.max-allocations-per-user = 1")) {
            String path = "/v1/turn/keys/" + WiredServer.KEY + "/credentials/generate";
            JsonNode first = WiredServer.JSON.readTree(s.send("POST", path, WiredServer.TOKEN, "{}").body())
                    .get("iceServers");
            JsonNode second = WiredServer.JSON.readTree(s.send("POST", path, WiredServer.TOKEN, "{\"ttl\": 7200}")
                    .body()).get("iceServers");
            JsonNode aliceOne = WiredServer.JSON.readTree(s.send("POST", path, WiredServer.TOKEN,
                    "{\"customIdentifier\": \"alice\"}").body()).get("iceServers");
            JsonNode aliceTwo = WiredServer.JSON.readTree(s.send("POST", path, WiredServer.TOKEN,
                    "{\"customIdentifier\": \"alice\", \"ttl\": 7200}").body()).get("iceServers");
            try (TurnClient a = s.client(Transport.UDP, first); TurnClient b = s.client(Transport.UDP, second);
                    TurnClient c = s.client(Transport.UDP, aliceOne); TurnClient d = s.client(Transport.UDP, aliceTwo)) {
                assertEquals(0, TurnClient.errorCode(a.allocate()));
                assertEquals(0, TurnClient.errorCode(b.allocate()), "another credential of the same key");
                assertEquals(0, TurnClient.errorCode(c.allocate()));
                assertEquals(486, TurnClient.errorCode(d.allocate()), "alice's second allocation");
            }
        }
    }

    /** The HTTPS listener presents the TURN server's own certificate (the one {@code /metrics} dates). */
    @Test
    void httpsPresentsTheServersCertificate() throws Exception {
        try (WiredServer s = new WiredServer(temp, 0, "turnpike.http.tls = true")) {
            java.util.List<java.security.cert.X509Certificate> presented = new java.util.ArrayList<>();
            javax.net.ssl.X509TrustManager recording = new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                    throw new UnsupportedOperationException("client side only");
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                    presented.addAll(Arrays.asList(chain)); // compared with the server's below
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            };
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, new javax.net.ssl.TrustManager[] {recording}, null);
            InetSocketAddress at = s.running.api().httpAddress();
            try (java.net.Socket socket = ssl.getSocketFactory().createSocket(at.getAddress(), at.getPort())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            }
            assertEquals(s.running.tls().certificate(), presented.get(0));
        }
    }
}
