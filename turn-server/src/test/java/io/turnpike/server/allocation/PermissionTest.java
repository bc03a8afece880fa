package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CreatePermission (RFC 8656 §10.2) and ChannelBind (§12.2) refusals and rules. */
@ExtendWith(LeakCheck.class)
class PermissionTest {
    private static final byte[] PING = {9, 8, 7};

    private static TurnClient client(TestServer s) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    @Test
    void requestsWithoutAllocationGet437() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer peer = new Peer()) {
            c.challenge(TurnClient.newRequest(StunMethod.REFRESH).build());
            assertEquals(437, TurnClient.errorCode(
                    c.request(StunMethod.CREATE_PERMISSION, new XorPeerAddress(peer.address()))));
            assertEquals(437, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(peer.address()))));
        }
    }

    @Test
    void createPermissionWithoutPeerGets400() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate();
            assertEquals(400, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION)));
        }
    }

    @Test
    void ipv6PeerOnIpv4RelayGets443() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate();
            assertEquals(443, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("2001:db8::1", 5000)))));
        }
    }

    @Test
    void refusedPeerGets403OnCreatePermissionAndChannelBind() throws Exception {
        InetSocketAddress refused = new InetSocketAddress("169.254.169.254", 80);
        PeerPolicy policy = peer -> !peer.getAddress().equals(refused.getAddress());
        try (TestServer s = TestServer.start("", policy, null); TurnClient c = client(s); Peer peer = new Peer()) {
            c.allocate();
            // One refused peer among several refuses the whole request, installing nothing.
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()), new XorPeerAddress(refused))));
            assertEquals(0, s.events.permissions.get());
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(refused))));
            assertEquals(0, s.events.channels.get());
        }
    }

    @Test
    void severalPeersInOneCreatePermission() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer a = new Peer(); Peer b = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("192.0.2.77", 1)), new XorPeerAddress(a.address()))));
            assertEquals(2, s.events.permissions.get());
            a.send(relay, PING);
            assertArrayEquals(PING, Peer.dataIndicationPayload(c.receive(3000), a.address()));
            // b shares a's IP (127.0.0.1): permissions are per IP address, not port (§9).
            b.send(relay, PING);
            assertArrayEquals(PING, Peer.dataIndicationPayload(c.receive(3000), b.address()));
        }
    }

    @Test
    void peerWithoutPermissionIsDroppedAndCounted() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            peer.send(relay, PING);
            assertNull(c.receive(500));
            c.sendIndication(peer.address(), PING);
            assertNull(peer.receive(500), "§11.2: Send without permission is discarded");
            assertTrue(s.counters.drops(DropReason.NO_PERMISSION) >= 2);
        }
    }

    @Test
    void channelNumberOutsideRangeGets400() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer peer = new Peer()) {
            c.allocate();
            for (int bad : new int[] {0x0000, 0x3FFF, 0x8000, 0xFFFF}) {
                assertEquals(400, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(bad),
                        new XorPeerAddress(peer.address()))), "channel 0x" + Integer.toHexString(bad));
            }
            assertEquals(400, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000))));
            assertEquals(400, TurnClient.errorCode(
                    c.request(StunMethod.CHANNEL_BIND, new XorPeerAddress(peer.address()))));
        }
    }

    @Test
    void strictRfc8656RangeRefusesNumbersAbove0x4fff() throws Exception {
        try (TestServer s = TestServer.start("turnpike.allocation.rfc5766-channel-numbers = false");
                TurnClient c = client(s); Peer peer = new Peer()) {
            c.allocate();
            assertEquals(400, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x5000),
                    new XorPeerAddress(peer.address()))));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4FFF),
                    new XorPeerAddress(peer.address()))));
        }
    }

    @Test
    void rebindingRulesOfSection12() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer a = new Peer(); Peer b = new Peer()) {
            c.allocate();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(a.address()))));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(a.address()))), "same channel, same peer: a refresh");
            assertEquals(400, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(b.address()))), "channel bound to another peer");
            assertEquals(400, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4001),
                    new XorPeerAddress(a.address()))), "peer bound to another channel");
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4001),
                    new XorPeerAddress(b.address()))));
            assertEquals(2, s.events.channels.get());
            assertEquals(1, s.events.permissions.get(), "both peers share 127.0.0.1: one permission");
        }
    }
}
