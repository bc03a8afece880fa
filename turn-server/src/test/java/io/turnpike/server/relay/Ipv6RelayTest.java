package io.turnpike.server.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Relaying to IPv6 peers (RFC 8656 §11, §12 over an IPv6 relayed address, §7.2 dual allocations):
 * client and server talk over IPv4 or IPv6 loopback, the peer sits on ::1. Without IPv6 loopback on
 * the machine these tests fail rather than skip.
 */
@ExtendWith(LeakCheck.class)
class Ipv6RelayTest {
    private static final String BOTH = "turnpike.listen.addresses = [\"127.0.0.1\", \"::1\"]";

    private static TurnClient client(TestServer s, Transport t, boolean overIpv6) throws Exception {
        InetSocketAddress server = listener(s, t, overIpv6);
        TurnClient c = t == Transport.UDP
                ? TurnClient.udp(server, new InetSocketAddress(overIpv6 ? "::1" : "127.0.0.1", 0))
                : TurnClient.tcp(server);
        return c.credentials(TestServer.USER, TestServer.PASSWORD);
    }

    private static InetSocketAddress listener(TestServer s, Transport t, boolean ipv6) {
        for (InetSocketAddress a : s.server.addresses(t)) {
            if ((a.getAddress() instanceof Inet6Address) == ipv6) {
                return a;
            }
        }
        throw new AssertionError("no " + (ipv6 ? "IPv6" : "IPv4") + " listener: " + s.server.addresses(t));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InetSocketAddress allocate6(TurnClient c) throws Exception {
        StunMessage ok = c.allocate(new RequestedAddressFamily(0x02));
        assertEquals(0, TurnClient.errorCode(ok), ok.toString());
        InetSocketAddress relay = ok.get(XorRelayedAddress.class).address();
        assertInstanceOf(Inet6Address.class, relay.getAddress());
        return relay;
    }

    /** §12: ChannelData to an IPv6 peer and back, with the client on IPv4 and on IPv6 loopback. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void channelDataToAnIpv6PeerAndBack(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(BOTH); Peer peer = new Peer("::1")) {
            for (boolean overIpv6 : new boolean[] {false, true}) {
                try (TurnClient c = client(s, transport, overIpv6)) {
                    InetSocketAddress relay = allocate6(c);
                    assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4001),
                            new XorPeerAddress(peer.address()))));
                    c.sendChannelData(0x4001, bytes("to v6 peer"));
                    assertArrayEquals(bytes("to v6 peer"), peer.receive(3000));
                    assertEquals(relay, peer.lastSender(), "sent from the IPv6 relayed address");
                    peer.send(relay, bytes("back"));
                    byte[] frame = c.receive(3000);
                    assertNotNull(frame, "ChannelData from the IPv6 peer");
                    assertEquals(0x4001, Peer.channelOf(frame));
                    assertArrayEquals(bytes("back"), Peer.channelPayload(frame));
                }
            }
            assertEquals(2 * 10, s.counters.bytes(Direction.CLIENT_TO_PEER, transport));
        }
    }

    /** §11: Send indication to an IPv6 peer; the answer is a Data indication with an IPv6 XOR-PEER-ADDRESS. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void sendAndDataIndicationsWithAnIpv6Peer(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(BOTH); TurnClient c = client(s, transport, true);
                Peer peer = new Peer("::1"); Peer other = new Peer("::1")) {
            InetSocketAddress relay = allocate6(c);
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))));
            for (int i = 0; i < 3; i++) { // the second and third reuse the cached peer address
                c.sendIndication(peer.address(), bytes("hello " + i));
                assertArrayEquals(bytes("hello " + i), peer.receive(3000));
            }
            // Same IP, other port: permissions are per IP address (§9); a new destination for the cache.
            c.sendIndication(other.address(), bytes("other"));
            assertArrayEquals(bytes("other"), other.receive(3000));
            peer.send(relay, bytes("hi client"));
            byte[] indication = c.receive(3000);
            assertNotNull(indication);
            assertArrayEquals(bytes("hi client"), Peer.dataIndicationPayload(indication, peer.address()));
        }
    }

    /** §9 / §11.2: no permission for the IPv6 peer: the Send indication is dropped, and so is its reply. */
    @Test
    void ipv6PeerWithoutPermissionIsDroppedBothWays() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, Transport.UDP, false);
                Peer peer = new Peer("::1")) {
            InetSocketAddress relay = allocate6(c);
            c.sendIndication(peer.address(), bytes("no permission"));
            assertNull(peer.receive(300));
            peer.send(relay, bytes("unsolicited"));
            assertNull(c.receive(300));
        }
    }

    /** §7.2 step 9: a dual allocation reaches each peer through the relayed address of its family. */
    @Test
    void dualAllocationRelaysEachPeerThroughTheRelayOfItsFamily() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, Transport.UDP, false);
                Peer v4 = new Peer("127.0.0.1"); Peer v6 = new Peer("::1")) {
            StunMessage ok = c.allocate(new AdditionalAddressFamily(0x02));
            List<XorRelayedAddress> relayed = ok.getAll(XorRelayedAddress.class);
            assertEquals(2, relayed.size(), ok.toString());
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(v4.address()))));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4006),
                    new XorPeerAddress(v6.address()))));
            c.sendChannelData(0x4000, bytes("four"));
            c.sendChannelData(0x4006, bytes("six"));
            assertArrayEquals(bytes("four"), v4.receive(3000));
            assertArrayEquals(bytes("six"), v6.receive(3000));
            assertEquals(relayed.get(0).address(), v4.lastSender());
            assertEquals(relayed.get(1).address(), v6.lastSender());
            v6.send(relayed.get(1).address(), bytes("6"));
            assertEquals(0x4006, Peer.channelOf(c.receive(3000)));
            v4.send(relayed.get(0).address(), bytes("4"));
            assertEquals(0x4000, Peer.channelOf(c.receive(3000)));
        }
    }
}
