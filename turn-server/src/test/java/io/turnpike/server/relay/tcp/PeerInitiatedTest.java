package io.turnpike.server.relay.tcp;

import static io.turnpike.server.relay.tcp.TcpRelayTest.allocateWithPermission;
import static io.turnpike.server.relay.tcp.TcpRelayTest.client;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.security.PeerFilter;
import io.turnpike.server.security.PeerSettings;
import io.turnpike.server.testing.TcpEchoPeer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Peer-initiated connections (RFC 6062 §5.3), timeouts and close propagation (§5.5), policy. */
@ExtendWith(LeakCheck.class)
class PeerInitiatedTest {

    static Socket peerTo(InetSocketAddress relay) throws IOException {
        Socket s = new Socket();
        s.connect(relay, 3000);
        s.setSoTimeout(3000);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the relay closed {@code s} (end of stream or reset) within the socket's timeout. */
    static boolean closedByRelay(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The ConnectionAttempt indication the control connection receives next. */
    static StunMessage connectionAttempt(TurnClient control) throws IOException {
        byte[] raw = control.receive(3000);
        assertNotNull(raw, "a ConnectionAttempt indication arrives");
        StunMessage m = TurnClient.decode(raw);
        assertNotNull(m);
        assertEquals(StunMethod.CONNECTION_ATTEMPT, m.method());
        assertEquals(StunClass.INDICATION, m.messageClass());
        return m;
    }

    /**
     * A peer with a {@code receiveBuffer}-byte socket receive buffer (set before connecting, so the
     * window starts small) connected to {@code relay}, and {@code data} bound to it (§5.3, §5.4).
     */
    static Socket boundPeer(TurnClient control, TurnClient data, InetSocketAddress relay, int receiveBuffer)
            throws IOException {
        Socket peer = new Socket();
        peer.setReceiveBufferSize(receiveBuffer);
        peer.connect(relay, 3000);
        assertEquals(0, TurnClient.errorCode(data.connectionBind(connectionAttempt(control)
                .get(ConnectionId.class).id())));
        return peer;
    }

    @Test
    void rfc6062Section5_3_peerConnectsClientGetsAttemptBindsAndEarlyBytesArrive() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TurnClient data = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            try (Socket peer = peerTo(relay)) {
                peer.getOutputStream().write(bytes("early")); // before the bind: buffered (§5.3, §5.4)
                StunMessage attempt = connectionAttempt(c);
                assertEquals(peer.getLocalSocketAddress(), attempt.get(XorPeerAddress.class).address());
                long id = attempt.get(ConnectionId.class).id();
                assertEquals(0, TurnClient.errorCode(data.connectionBind(id)));
                assertArrayEquals(bytes("early"), data.readRaw(5, 3000));
                data.rawOut().write(bytes("reply"));
                byte[] got = peer.getInputStream().readNBytes(5);
                assertArrayEquals(bytes("reply"), got);
                // §5.5: a half-close by the peer closes the client data connection too.
                peer.shutdownOutput();
                assertTrue(data.streamClosed(3000));
            }
        }
    }

    @Test
    void slowPeerStopsTheServerReadingFromTheClientThenEverythingArrives() throws Exception {
        int total = 24 << 20;
        // No bandwidth limit: this is backpressure alone (TcpPacingTest has both reasons to pause).
        try (TestServer s = TestServer.start("turnpike.relay.tcp.buffer-size = 16KiB\n"
                + "turnpike.security.max-bandwidth-per-allocation = 0"); TurnClient c = client(s);
                TurnClient data = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            try (Socket peer = boundPeer(c, data, relay, 64 << 10)) {
                byte[] chunk = new byte[64 << 10];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) (i * 31 + 7);
                }
                Thread writer = new Thread(() -> {
                    try {
                        for (int sent = 0; sent < total; sent += chunk.length) {
                            data.rawOut().write(chunk);
                        }
                    } catch (IOException e) {
                        // the assertions below report it
                    }
                });
                writer.setDaemon(true);
                writer.start();
                // The peer reads nothing: once the kernel buffers fill, the server must stop reading
                // from the client instead of queueing the rest in memory.
                long read = -1;
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline) {
                    Thread.sleep(300);
                    long now = s.counters.bytes(Direction.CLIENT_TO_PEER, Transport.TCP);
                    if (now == read) {
                        break;
                    }
                    read = now;
                }
                assertTrue(read > 0 && read < total / 2, "server stopped reading at " + read + " bytes");
                assertTrue(writer.isAlive(), "the client is blocked by TCP flow control");
                peer.setSoTimeout(10_000);
                InputStream in = peer.getInputStream();
                byte[] got = new byte[chunk.length];
                for (int received = 0; received < total; received += chunk.length) {
                    int n = in.readNBytes(got, 0, chunk.length);
                    assertEquals(chunk.length, n);
                    assertArrayEquals(chunk, got);
                }
                writer.join(5000);
                assertEquals(total, s.counters.bytes(Direction.CLIENT_TO_PEER, Transport.TCP));
            }
        }
    }

    @Test
    void rfc6062Section5_3_peerWithoutPermissionIsClosedAndClientHearsNothing() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            InetSocketAddress relay = c.allocateTcp().get(XorRelayedAddress.class).address();
            try (Socket peer = peerTo(relay)) {
                assertTrue(closedByRelay(peer));
            }
            assertNull(c.receive(200));
            assertEquals(1, s.counters.drops(DropReason.NO_PERMISSION));
        }
    }

    @Test
    void rfc6062Section5_3_unboundConnectionIsClosedAfterTheBindTimeout() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.tcp.bind-timeout = 300ms"); TurnClient c = client(s);
                TurnClient late = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            try (Socket peer = peerTo(relay)) {
                long id = connectionAttempt(c).get(ConnectionId.class).id();
                assertTrue(closedByRelay(peer), "closed when no ConnectionBind came in time");
                assertEquals(400, TurnClient.errorCode(late.connectionBind(id)), "the id is gone");
            }
        }
    }

    @Test
    void rfc6062Section5_5_closingTheClientDataConnectionClosesThePeers() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            try (Socket peer = peerTo(relay); TurnClient data = client(s)) {
                assertEquals(0, TurnClient.errorCode(data.connectionBind(connectionAttempt(c)
                        .get(ConnectionId.class).id())));
                data.close();
                assertTrue(closedByRelay(peer));
            }
        }
    }

    @Test
    void defaultPeerFilterRefusesConnectToLoopbackBeforeAnyPacket() throws Exception {
        PeerFilter filter = new PeerFilter(new PeerSettings(List.of(), List.of(), false));
        try (TestServer s = TestServer.start("", filter::allows, null); TurnClient c = client(s);
                TcpEchoPeer peer = new TcpEchoPeer()) {
            assertEquals(0, TurnClient.errorCode(c.allocateTcp()));
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CONNECT, new XorPeerAddress(peer.address()))));
            Thread.sleep(100); // a connection on loopback would have been accepted by now
            assertTrue(peer.sources().isEmpty(), "no connection into a refused range");
        }
    }
}
