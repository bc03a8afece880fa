package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.MessageIntegrityCheck;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.AlternateDomain;
import io.turnpike.protocol.attribute.AlternateServer;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 300 Try Alternate (RFC 8489 §10 and §14.8, RFC 8656 §7.2 step 11) at capacity and while draining. */
@ExtendWith(LeakCheck.class)
class TryAlternateTest {
    private static final String ALTERNATES = "turnpike.alternate-servers.udp = [\"127.0.0.2:3478\", \"[::1]:3479\"]\n";

    private static TurnClient client(TestServer s, String user) throws Exception {
        String password = TestServer.PASSWORD;
        if (!user.equals(TestServer.USER)) {
            RestCredentials.Credential c = RestCredentials.mint(TestServer.SECRET.getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis() / 1000 + 600, user);
            user = c.username();
            password = c.password();
        }
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(user, password);
    }

    /** A signed Allocate; returns the raw answer, checked to be signed with the client's key. */
    private static StunMessage signedAllocate(TurnClient c) throws Exception {
        c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
        StunMessage request = c.sign(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)));
        c.sendRaw(TurnClient.encode(request, c.key()));
        byte[] answer = c.receiveRaw(3000);
        ByteBuf buf = Unpooled.wrappedBuffer(answer);
        DecodeResult decoded = StunDecoder.decode(buf);
        assertTrue(MessageIntegrityCheck.forCurrentThread().verify(buf, decoded, c.key()),
                "RFC 8489 §14.8: the 300 is protected with MESSAGE-INTEGRITY");
        return decoded.message();
    }

    private static List<InetSocketAddress> alternates(StunMessage m) {
        return m.getAll(AlternateServer.class).stream().map(AlternateServer::address).toList();
    }

    @Test
    void atCapacityAnAuthenticatedAllocateIsRedirectedInsteadOf508_rfc8656Section7_2Step11() throws Exception {
        try (TestServer s = TestServer.start(ALTERNATES + "turnpike.security.max-allocations = 1");
                TurnClient a = client(s, TestServer.USER); TurnClient b = client(s, "bob")) {
            assertEquals(0, TurnClient.errorCode(a.allocate()));
            StunMessage answer = signedAllocate(b);
            assertEquals(300, TurnClient.errorCode(answer));
            // RFC 8489 §10: first the client's family (IPv4), then the other one.
            assertEquals(List.of(new InetSocketAddress("127.0.0.2", 3478), new InetSocketAddress("::1", 3479)),
                    alternates(answer));
            assertNull(answer.get(AlternateDomain.class), "no domain over UDP");
            assertEquals(List.of(300), s.events.refused);
            assertEquals(1, s.server.allocationCount(), "nothing was allocated for the redirected client");
        }
    }

    @Test
    void anUnauthenticatedAllocateIsChallengedNotRedirected_rfc8489Section14_8() throws Exception {
        try (TestServer s = TestServer.start(ALTERNATES + "turnpike.alternate-servers.drain = true");
                TurnClient c = client(s, TestServer.USER)) {
            StunMessage first = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.ALLOCATE)
                    .add(new RequestedTransport(17)).build());
            assertEquals(401, TurnClient.errorCode(first));
            assertTrue(first.getAll(AlternateServer.class).isEmpty());
            assertEquals(300, TurnClient.errorCode(c.allocate()), "the authenticated retry is redirected");
        }
    }

    @Test
    void drainingAtRunTimeRedirectsNewAllocationsAndKeepsLiveOnes() throws Exception {
        try (TestServer s = TestServer.start(ALTERNATES); TurnClient a = client(s, TestServer.USER);
                TurnClient b = client(s, "bob")) {
            assertEquals(0, TurnClient.errorCode(a.allocate()));
            s.server.alternates().drain(true);
            assertEquals(300, TurnClient.errorCode(b.allocate()));
            assertEquals(0, TurnClient.errorCode(a.request(StunMethod.REFRESH, new Lifetime(600))),
                    "the live allocation is still served");
            s.server.alternates().drain(false);
            assertEquals(0, TurnClient.errorCode(b.allocate()));
        }
    }

    @Test
    void withoutAnAlternateForTheTransportOrFamilyTheAnswerIs508() throws Exception {
        try (TestServer s = TestServer.start("turnpike.alternate-servers { drain = true, udp = [\"[::1]:3478\"] }");
                TurnClient udp = client(s, TestServer.USER);
                TurnClient tcp = TurnClient.tcp(s.server.address(Transport.TCP))
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            assertEquals(508, TurnClient.errorCode(udp.allocate()), "RFC 8489 §10: same family as the source");
            assertEquals(508, TurnClient.errorCode(tcp.allocate()), "no TCP alternates");
        }
    }

    @Test
    void thisNodeIsNeverItsOwnAlternate() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        String self = "127.0.0.1:" + port;
        try (TestServer s = TestServer.start("turnpike.listen.udp-port = " + port + "\n"
                + "turnpike.alternate-servers { drain = true, udp = [\"" + self + "\", \"127.0.0.3:3478\"] }");
                TurnClient c = client(s, TestServer.USER)) {
            assertEquals(port, s.server.address(Transport.UDP).getPort());
            StunMessage answer = c.allocate();
            assertEquals(300, TurnClient.errorCode(answer));
            assertEquals(List.of(new InetSocketAddress("127.0.0.3", 3478)), alternates(answer));
        }
    }

    @Test
    void tlsClientsGetTheTlsAlternatesAndAlternateDomain_rfc8489Section10() throws Exception {
        Path dir = Files.createTempDirectory("turnpike-tls");
        try (ServerTls tls = ServerTls.open(TlsSettings.selfSigned(), dir, "127.0.0.1", MutableClock.now());
                TestServer s = TestServer.start(ALTERNATES + "turnpike.alternate-servers { drain = true,"
                        + " tls = [\"127.0.0.2:5349\"], domain = \"turn2.example.com\" }",
                        PeerPolicy.ALLOW_ALL, tls::sslContext);
                TurnClient c = TurnClient.tls(s.server.address(Transport.TLS), trustAll())
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            StunMessage answer = c.allocate();
            assertEquals(300, TurnClient.errorCode(answer));
            assertEquals(List.of(new InetSocketAddress("127.0.0.2", 5349)), alternates(answer));
            assertEquals("turn2.example.com", answer.get(AlternateDomain.class).value());
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static javax.net.ssl.SSLSocketFactory trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return context.getSocketFactory();
    }
}
