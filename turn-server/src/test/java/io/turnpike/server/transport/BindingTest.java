package io.turnpike.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.UnknownAttribute;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TlsRecordTap;
import io.turnpike.server.testing.TrustingTls;
import io.turnpike.server.testing.TurnClient;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Binding (RFC 8489 §12) on every transport, TLS relaying, and malformed input. */
@ExtendWith(LeakCheck.class)
class BindingTest {
    private static ServerTls tls;
    private static SSLSocketFactory trusting;
    private static Path tlsDir;

    @BeforeAll
    static void certificate() throws Exception {
        tlsDir = Files.createTempDirectory("turnpike-tls");
        tls = ServerTls.open(TlsSettings.selfSigned(), tlsDir, "127.0.0.1", MutableClock.now());
        trusting = TrustingTls.context(tls.certificate()).getSocketFactory();
    }

    @AfterAll
    static void closeTls() throws Exception {
        tls.close();
        try (var walk = Files.walk(tlsDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static TestServer server(String config) throws Exception {
        TestServer s = TestServer.start(config, PeerPolicy.ALLOW_ALL, tls::sslContext);
        s.server.bindDtls(tls::dtlsContext);
        return s;
    }

    private static TurnClient connect(TestServer s, Transport t) throws Exception {
        return switch (t) {
            case UDP -> TurnClient.udp(s.server.address(Transport.UDP));
            case TCP -> TurnClient.tcp(s.server.address(Transport.TCP));
            case TLS -> TurnClient.tls(s.server.address(Transport.TLS), trusting);
            case DTLS -> TurnClient.dtls(s.server.address(Transport.DTLS));
        };
    }

    @Test
    void bindingOnEveryTransportReturnsTheMappedAddressWithoutAuthentication() throws Exception {
        try (TestServer s = server("")) {
            for (Transport t : Transport.values()) {
                try (TurnClient c = connect(s, t)) {
                    StunMessage response = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
                    assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass(), t.label());
                    assertEquals(c.localAddress(), response.get(XorMappedAddress.class).address(), t.label());
                    assertEquals("Turnpike", response.get(Software.class).value());
                }
            }
        }
    }

    @Test
    void ipv6ClientsGetBindingAndAnIpv4Relay() throws Exception {
        java.net.InetSocketAddress v6;
        try (TestServer s = server("turnpike.listen.addresses = [\"127.0.0.1\", \"::1\"]")) {
            v6 = s.server.addresses(Transport.UDP).get(1);
            assertTrue(v6.getAddress() instanceof java.net.Inet6Address);
            try (TurnClient c = TurnClient.udp(v6, new java.net.InetSocketAddress("::1", 0))) {
                StunMessage response = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
                assertEquals(c.localAddress(), response.get(XorMappedAddress.class).address());
                c.credentials(TestServer.USER, TestServer.PASSWORD);
                StunMessage allocated = c.allocate();
                assertEquals(0, TurnClient.errorCode(allocated));
                assertTrue(allocated.get(XorRelayedAddress.class).address().getAddress() instanceof java.net.Inet4Address);
            }
        }
    }

    @Test
    void softwareCanBeTurnedOff() throws Exception {
        try (TestServer s = server("turnpike.software = \"\""); TurnClient c = connect(s, Transport.UDP)) {
            StunMessage response = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
            assertNull(response.get(Software.class));
        }
    }

    @Test
    void relayOverTls() throws Exception {
        try (TestServer s = server(""); TurnClient c = connect(s, Transport.TLS); Peer peer = new Peer()) {
            c.credentials(TestServer.USER, TestServer.PASSWORD);
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000), new XorPeerAddress(peer.address()));
            c.sendChannelData(0x4000, new byte[] {1, 2, 3, 4, 5, 6});
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, peer.receive(3000));
            peer.send(relay, new byte[] {7});
            byte[] frame = c.receive(3000);
            assertArrayEquals(new byte[] {7}, Peer.channelPayload(frame));
            assertEquals(8, frame.length, "padded over TLS");
        }
    }

    /**
     * Each relayed message to a TLS client is its own TLS record, also when a burst of datagrams from
     * the peer is read and relayed in one batch: clients such as turnutils_uclient read one record per
     * wake-up and fall behind when several messages share one.
     */
    @Test
    void tlsRelayedMessagesEachTravelInTheirOwnRecord() throws Exception {
        try (TestServer s = server(""); TlsRecordTap tap = new TlsRecordTap(s.server.address(Transport.TLS));
                TurnClient c = TurnClient.tls(tap.address(), trusting); Peer peer = new Peer()) {
            c.credentials(TestServer.USER, TestServer.PASSWORD);
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000), new XorPeerAddress(peer.address()));
            int before = tap.applicationRecords();
            int burst = 32;
            for (int i = 0; i < burst; i++) {
                peer.send(relay, new byte[100 + i]);
            }
            for (int i = 0; i < burst; i++) {
                byte[] frame = c.receive(3000);
                assertNotNull(frame, "message " + i);
                assertEquals(100 + i, Peer.channelPayload(frame).length, "in order");
            }
            assertEquals(burst, tap.applicationRecords() - before, "one record per relayed message");
        }
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420() throws Exception {
        try (TestServer s = server(""); TurnClient c = connect(s, Transport.UDP)) {
            StunMessage request = TurnClient.newRequest(StunMethod.BINDING)
                    .add(new UnknownAttribute(0x0077, new byte[4])).build();
            StunMessage response = c.exchangeUnsigned(request);
            assertEquals(420, TurnClient.errorCode(response));
            assertEquals(List.of(0x0077), response.get(UnknownAttributes.class).types());
        }
    }

    @Test
    void garbageOnAStreamClosesOnlyThatConnection() throws Exception {
        try (TestServer s = server(""); TurnClient bad = connect(s, Transport.TCP);
                TurnClient good = connect(s, Transport.TCP)) {
            bad.sendRaw(new byte[] {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7});
            assertTrue(readsEndOfStream(bad), "closed without an answer");
            StunMessage response = good.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
            assertNotNull(response.get(XorMappedAddress.class));
        }
    }

    @Test
    void oversizedFrameOnAStreamClosesTheConnection() throws Exception {
        try (TestServer s = server("turnpike.security.tcp.max-frame-size = 1024"); TurnClient c = connect(s, Transport.TCP)) {
            byte[] header = {0x40, 0x00, 0x10, 0x00}; // ChannelData announcing 4096 bytes
            c.sendRaw(header);
            assertTrue(readsEndOfStream(c), "the server closed the connection");
        }
    }

    private static boolean readsEndOfStream(TurnClient c) {
        try {
            c.receiveRaw(3000);
            return false; // an answer, or a timeout with the connection still open
        } catch (java.io.IOException e) {
            return true; // EOF or reset
        }
    }
}
