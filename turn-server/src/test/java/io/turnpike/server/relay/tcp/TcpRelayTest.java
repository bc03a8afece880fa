package io.turnpike.server.relay.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TcpEchoPeer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import io.turnpike.server.auth.RestCredentials;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Client-initiated TCP connections (RFC 6062 §5.1, §5.2, §5.4, §5.5) over a TCP control connection. */
@ExtendWith(LeakCheck.class)
class TcpRelayTest {
    static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 9);

    static TurnClient client(TestServer s) throws Exception {
        return TurnClient.tcp(s.server.address(Transport.TCP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    /** Allocates a TCP relay and installs a permission for 127.0.0.1; returns the relayed address. */
    static InetSocketAddress allocateWithPermission(TurnClient c) throws Exception {
        StunMessage response = c.allocateTcp();
        assertEquals(0, TurnClient.errorCode(response), "TCP Allocate over TCP succeeds");
        assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                new XorPeerAddress(LOOPBACK_ANY_PORT))));
        return response.get(XorRelayedAddress.class).address();
    }

    static long connect(TurnClient c, InetSocketAddress peer) throws Exception {
        StunMessage response = c.request(StunMethod.CONNECT, new XorPeerAddress(peer));
        assertEquals(0, TurnClient.errorCode(response), "Connect succeeds");
        ConnectionId id = response.get(ConnectionId.class);
        assertNotNull(id, "§5.2: the success response carries CONNECTION-ID");
        return id.id();
    }

    @Test
    void rfc6062Section5_2_connectBindThenRawBytesBothWaysUnchanged() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer();
                TurnClient data = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            int port = relay.getPort();
            assertTrue(port >= s.server.settings().relay().minPort() && port <= s.server.settings().relay().maxPort());
            long id = connect(c, peer.address());
            List<InetSocketAddress> sources = peer.awaitSources(1, 5000);
            assertEquals(1, sources.size(), "§5.2: the relay connected to the peer");
            assertEquals(port, sources.get(0).getPort(), "§5.2: connects from the relayed transport address");
            assertEquals(0, TurnClient.errorCode(data.connectionBind(id)));
            byte[] payload = new byte[1 << 20];
            new Random(7).nextBytes(payload);
            Thread writer = new Thread(() -> {
                try {
                    data.rawOut().write(payload);
                    data.rawOut().flush();
                } catch (Exception e) {
                    // the reader's assertion reports it
                }
            });
            writer.start();
            byte[] echoed = data.readRaw(payload.length, 10_000);
            writer.join(10_000);
            assertArrayEquals(payload, echoed, "no framing, no loss, no reordering");
            assertEquals(payload.length, s.counters.bytes(Direction.CLIENT_TO_PEER, Transport.TCP));
            assertEquals(payload.length, s.counters.bytes(Direction.PEER_TO_CLIENT, Transport.TCP));
        }
    }

    @Test
    void rfc6062Section5_2_secondConnectToSamePeerGets446() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer()) {
            allocateWithPermission(c);
            connect(c, peer.address());
            assertEquals(446, TurnClient.errorCode(c.request(StunMethod.CONNECT, new XorPeerAddress(peer.address()))));
        }
    }

    @Test
    void rfc6062Section5_2_refusedConnectionGets447() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket gone = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = (InetSocketAddress) gone.getLocalSocketAddress();
        }
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            allocateWithPermission(c);
            assertEquals(447, TurnClient.errorCode(c.request(StunMethod.CONNECT, new XorPeerAddress(closed))));
            assertEquals(0, s.server.relayPorts().inUse() - 1, "only the allocation's port is held");
        }
    }

    @Test
    void connectWithoutPermissionGets403AndNoConnection() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer()) {
            assertEquals(0, TurnClient.errorCode(c.allocateTcp()));
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CONNECT, new XorPeerAddress(peer.address()))));
            Thread.sleep(100); // a connection attempt on loopback would have arrived by now
            assertTrue(peer.sources().isEmpty());
        }
    }

    @Test
    void rfc6062Section5_1_udpControlConnectionGets400() throws Exception {
        try (TestServer s = TestServer.start("");
                TurnClient c = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            assertEquals(400, TurnClient.errorCode(c.allocateTcp()));
            assertEquals(0, s.server.allocationCount());
        }
    }

    @Test
    void rfc6062Section5_1_evenPortOnTcpAllocateGets400() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            assertEquals(400, TurnClient.errorCode(c.allocateTcp(new EvenPort(false))));
        }
    }

    @Test
    void ipv6TcpRelayGets440() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            assertEquals(440, TurnClient.errorCode(c.allocateTcp(new RequestedAddressFamily(0x02))),
                    "TCP relays are IPv4 only");
            assertEquals(0, s.server.relayPorts().inUse());
        }
    }

    @Test
    void disabledTcpRelayGets442() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.tcp.enabled = false"); TurnClient c = client(s)) {
            assertEquals(442, TurnClient.errorCode(c.allocateTcp()));
        }
    }

    /** A client of another user, with TURN REST credentials. */
    private static TurnClient stranger(TestServer s) throws Exception {
        RestCredentials.Credential mallory = RestCredentials.mint(
                TestServer.SECRET.getBytes(StandardCharsets.UTF_8), s.clock.millis() / 1000 + 600, "mallory");
        return TurnClient.tcp(s.server.address(Transport.TCP)).credentials(mallory.username(), mallory.password());
    }

    @Test
    void rfc6062Section5_4_bindNeedsAPendingIdOfTheSameUser() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer();
                TurnClient stranger = stranger(s);
                TurnClient first = client(s); TurnClient second = client(s); TurnClient unknown = client(s)) {
            allocateWithPermission(c);
            long id = connect(c, peer.address());
            assertEquals(400, TurnClient.errorCode(unknown.connectionBind(id ^ 1)), "unknown CONNECTION-ID");
            assertEquals(400, TurnClient.errorCode(stranger.connectionBind(id)), "another user's connection");
            assertEquals(0, TurnClient.errorCode(first.connectionBind(id)));
            assertEquals(400, TurnClient.errorCode(second.connectionBind(id)), "already bound");
            assertEquals(400, TurnClient.errorCode(c.connectionBind(id)), "not on the control connection");
        }
    }

    @Test
    void rfc6062Section5_5_deletingTheAllocationClosesItsConnections() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer();
                TurnClient data = client(s)) {
            allocateWithPermission(c);
            assertEquals(0, TurnClient.errorCode(data.connectionBind(connect(c, peer.address()))));
            data.rawOut().write(new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, data.readRaw(3, 3000));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH, new Lifetime(0))));
            assertTrue(data.streamClosed(3000), "the client data connection is closed");
            long deadline = System.currentTimeMillis() + 3000;
            while (s.server.relayPorts().inUse() != 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, s.server.relayPorts().inUse(), "the relayed listening port is free again");
        }
    }
}
