package io.turnpike.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TrafficCounters;

import io.turnpike.server.testing.DtlsClient;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import io.turnpike.server.tls.ServerTls;
import io.turnpike.server.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** STUN/TURN over DTLS 1.2 (RFC 7350) with the TLS certificate, cookie exchange (RFC 6347 §4.2.1), timeouts. */
@ExtendWith(LeakCheck.class)
class DtlsTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5349);
    private static ServerTls tls;
    private static Path tlsDir;

    @BeforeAll
    static void openTls() throws Exception {
        tlsDir = Files.createTempDirectory("turnpike-dtls");
        tls = ServerTls.open(TlsSettings.selfSigned(), tlsDir, "127.0.0.1", MutableClock.now());
    }

    @AfterAll
    static void closeTls() throws Exception {
        tls.close();
        try (var walk = Files.walk(tlsDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static TestServer server(String config) throws Exception {
        TestServer s = TestServer.start(config, PeerPolicy.ALLOW_ALL, null);
        try {
            s.server.bindDtls(tls::dtlsContext);
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bindingOverDtls12() throws Exception {
        try (TestServer s = server(""); TurnClient c = TurnClient.dtls(s.server.address(Transport.DTLS))) {
            StunMessage response = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
            assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
            assertEquals(c.localAddress(), response.get(XorMappedAddress.class).address());
        }
    }

    @Test
    void allocateAndChannelDataRelayToALoopbackPeer() throws Exception {
        try (TestServer s = server(""); TurnClient c = TurnClient.dtls(s.server.address(Transport.DTLS));
                Peer peer = new Peer()) {
            c.credentials(TestServer.USER, TestServer.PASSWORD);
            StunMessage allocated = c.allocate();
            assertEquals(0, TurnClient.errorCode(allocated));
            InetSocketAddress relay = allocated.get(XorRelayedAddress.class).address();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4001),
                    new XorPeerAddress(peer.address()))));
            for (int i = 0; i < 20; i++) {
                byte[] up = bytes("up-" + i);
                c.sendChannelData(0x4001, up);
                assertArrayEquals(up, peer.receive(3000));
                byte[] down = bytes("down-" + i);
                peer.send(relay, down);
                byte[] frame = c.receive(3000);
                assertNotNull(frame, "ChannelData " + i + " back to the client");
                assertEquals(0x4001, Peer.channelOf(frame));
                assertArrayEquals(down, Peer.channelPayload(frame));
                assertEquals(4 + down.length, frame.length, "not padded: DTLS is datagram-based (RFC 8656 §12.5)");
            }
            assertEquals(20, s.counters.packets(Direction.CLIENT_TO_PEER, Transport.DTLS));
            assertEquals(20, s.counters.packets(Direction.PEER_TO_CLIENT, Transport.DTLS));
        }
    }

    /** RFC 7350 §4 asks for DTLS 1.2 at least here: a ClientHello offering at most DTLS 1.0 gets no handshake. */
    @Test
    void dtls10IsRefused() throws Exception {
        DtlsListener listener = listener();
        EmbeddedChannel ch = new EmbeddedChannel(listener);
        try {
            SSLEngine client = clientEngine();
            client.beginHandshake();
            byte[] hello = wrap(client);
            hello[25] = (byte) 0xFE; // client_version: DTLS 1.0 (0xFEFF); the JDK client cannot offer it
            hello[26] = (byte) 0xFF;
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(hello), LOCAL, CLIENT));
            byte[] reply = outbound(ch);
            assertNotNull(reply);
            assertArrayEquals(new byte[] {21, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 70}, reply,
                    "a fatal protocol_version alert (RFC 5246 §7.2.2), no HelloVerifyRequest or ServerHello");
            assertEquals(0, listener.sessions());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** RFC 6347 §4.2.1: a ClientHello without cookie gets a HelloVerifyRequest and leaves no state. */
    @Test
    void cookieExchangeKeepsNoStateForSpoofedSourcesAndGarbageIsDropped() throws Exception {
        DtlsListener listener = listener();
        EmbeddedChannel ch = new EmbeddedChannel(listener);
        try {
            SSLEngine client = clientEngine();
            client.beginHandshake();
            byte[] hello = wrap(client);
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(hello), LOCAL, CLIENT));
            byte[] reply = outbound(ch);
            assertNotNull(reply, "HelloVerifyRequest");
            assertEquals(22, reply[0]);
            assertEquals(3, reply[13], "HelloVerifyRequest, not ServerHello");
            assertTrue(reply.length < hello.length, "no amplification towards a spoofed source");
            assertEquals(0, listener.sessions(), "no state before the cookie comes back");

            byte[] garbage = new byte[200];
            Arrays.fill(garbage, (byte) 0x16);
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(garbage), LOCAL, CLIENT));
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {0, 1, 0, 0}), LOCAL, CLIENT));
            assertNull(ch.readOutbound(), "garbage gets no answer");
            assertEquals(0, listener.sessions());

            // The real client echoes the cookie: now a session exists and the handshake proceeds.
            unwrap(client, reply);
            byte[] second = wrap(client);
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(second), LOCAL, CLIENT));
            byte[] flight = outbound(ch);
            assertNotNull(flight);
            assertEquals(2, flight[13], "ServerHello");
            assertEquals(1, listener.sessions());
            drain(ch);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void idleSessionsAreReclaimedWithCloseNotify() throws Exception {
        try (TestServer s = server("turnpike.listen.dtls-idle-timeout = 1s");
                DtlsClient c = DtlsClient.connect(s.server.address(Transport.DTLS))) {
            byte[] binding = TurnClient.encode(TurnClient.newRequest(StunMethod.BINDING).build(), null);
            c.send(binding);
            assertEquals(StunClass.SUCCESS_RESPONSE, TurnClient.decode(c.receive(3000)).messageClass());
            for (int i = 0; i < 30 && !c.closedByServer(); i++) {
                assertNull(c.receive(100), "nothing but close_notify arrives");
            }
            assertTrue(c.closedByServer(), "close_notify after the idle timeout");
            c.resendLastRecord(); // a Binding request record from the dropped session
            assertNull(c.receive(500), "the session is gone: records from it are dropped");
        }
    }

    /** A listener with no engine behind it: these tests never get past the handshake. */
    private static DtlsListener listener() {
        return listener(Duration.ofSeconds(10));
    }

    private static DtlsListener listener(Duration handshakeTimeout) {
        return new DtlsListener(null, new TrafficCounters(), Clock.systemUTC(),
                new DtlsSettings(true, 0, 10, handshakeTimeout, Duration.ofSeconds(60)), tls::dtlsContext);
    }

    /** As for a TCP/TLS connection (RFC 8656 §3.1), the allocation ends with its DTLS session. */
    @Test
    void closeNotifyClosesTheSessionsAllocation() throws Exception {
        try (TestServer s = server(""); DtlsClient dtls = DtlsClient.connect(s.server.address(Transport.DTLS));
                TurnClient c = TurnClient.over(dtls)) {
            c.credentials(TestServer.USER, TestServer.PASSWORD);
            assertEquals(0, TurnClient.errorCode(c.allocate()));
            assertEquals(1, s.events.created.size());
            dtls.closeNotify();
            for (int i = 0; i < 100 && s.events.closed.isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertEquals(List.of(CloseReason.CONNECTION_CLOSED), s.events.closed);
        }
    }

    @Test
    void unfinishedHandshakesAreReclaimed() throws Exception {
        DtlsListener listener = listener(Duration.ofMillis(200));
        EmbeddedChannel ch = new EmbeddedChannel(listener);
        try {
            SSLEngine client = clientEngine();
            client.beginHandshake();
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(wrap(client)), LOCAL, CLIENT));
            unwrap(client, outbound(ch));
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(wrap(client)), LOCAL, CLIENT));
            drain(ch);
            assertEquals(1, listener.sessions(), "handshaking; the client never sends its second flight");
            for (int i = 0; i < 100 && listener.sessions() > 0; i++) {
                Thread.sleep(20);
                ch.runScheduledPendingTasks();
            }
            assertEquals(0, listener.sessions(), "dropped after dtls-handshake-timeout");
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static SSLEngine clientEngine() throws Exception {
        SSLContext context = SSLContext.getInstance("DTLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(new String[] {"DTLSv1.2"});
        engine.setSSLParameters(p);
        return engine;
    }

    private static byte[] wrap(SSLEngine engine) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        for (int i = 0; i < 10 && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK; i++) {
            engine.getDelegatedTask().run();
        }
        SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), r.bytesProduced());
    }

    private static void unwrap(SSLEngine engine, byte[] record) throws Exception {
        engine.unwrap(ByteBuffer.wrap(record), ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()));
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static byte[] outbound(EmbeddedChannel ch) {
        DatagramPacket p = ch.readOutbound();
        if (p == null) {
            return null;
        }
        try {
            assertEquals(CLIENT, p.recipient());
            ByteBuf b = p.content();
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        } finally {
            p.release();
        }
    }

    private static void drain(EmbeddedChannel ch) {
        for (int i = 0; i < 20 && outbound(ch) != null; i++) {
            assertFalse(i == 19, "bounded flight");
        }
    }
}
