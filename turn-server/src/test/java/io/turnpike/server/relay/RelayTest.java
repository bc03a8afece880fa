package io.turnpike.server.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Data both ways through the relay (RFC 8656 §11, §12) over UDP and TCP client transports. */
@ExtendWith(LeakCheck.class)
class RelayTest {

    private static TurnClient client(TestServer s, Transport t) throws Exception {
        TurnClient c = t == Transport.UDP ? TurnClient.udp(s.server.address(Transport.UDP))
                : TurnClient.tcp(s.server.address(Transport.TCP));
        return c.credentials(TestServer.USER, TestServer.PASSWORD);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void sendAndDataIndicationsBothWays(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, transport); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))));
            c.sendIndication(peer.address(), bytes("hello peer"));
            assertArrayEquals(bytes("hello peer"), peer.receive(3000));
            assertEquals(relay.getPort(), peer.lastSender().getPort(), "sent from the relayed address");
            peer.send(relay, bytes("hi client")); // 9 bytes: DATA needs 3 bytes of padding
            byte[] indication = c.receive(3000);
            assertNotNull(indication);
            assertArrayEquals(bytes("hi client"), Peer.dataIndicationPayload(indication, peer.address()));
            assertEquals(10, s.counters.bytes(Direction.CLIENT_TO_PEER, transport));
            assertEquals(9, s.counters.bytes(Direction.PEER_TO_CLIENT, transport));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void channelDataBothWays(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, transport); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4123),
                    new XorPeerAddress(peer.address()))));
            c.sendChannelData(0x4123, bytes("abcde")); // padded to 8 on TCP by the client
            assertArrayEquals(bytes("abcde"), peer.receive(3000), "padding is not relayed");
            peer.send(relay, bytes("xyz"));
            byte[] frame = c.receive(3000);
            assertNotNull(frame);
            assertEquals(0x4123, Peer.channelOf(frame));
            assertArrayEquals(bytes("xyz"), Peer.channelPayload(frame));
            // RFC 8656 §12.5: padded to a multiple of 4 over streams; not padded over UDP.
            assertEquals(transport == Transport.UDP ? 7 : 8, frame.length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void manyPacketsKeepOrderAndNothingLeaks(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, transport); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000), new XorPeerAddress(peer.address()));
            for (int i = 0; i < 50; i++) {
                byte[] payload = new byte[100 + i];
                payload[0] = (byte) i;
                c.sendChannelData(0x4000, payload);
                byte[] got = peer.receive(3000);
                assertNotNull(got, "packet " + i);
                assertEquals(100 + i, got.length);
                peer.send(relay, got);
                byte[] back = c.receive(3000);
                assertNotNull(back, "echo " + i);
                assertEquals(i, Peer.channelPayload(back)[0]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void channelDataOnUnboundChannelOrWithoutAllocationIsDropped(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, transport); Peer peer = new Peer()) {
            c.sendChannelData(0x4000, bytes("nobody"));
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.sendChannelData(0x4001, bytes("unbound"));
            // Nothing may come from the relay. The peer's ephemeral port may still get a stray late
            // answer meant for another test's socket that used the port before (seen under heavy
            // load), so only datagrams from the relay count.
            for (int i = 0; i < 5; i++) {
                byte[] got = peer.receive(300);
                if (got == null) {
                    break;
                }
                assertNotEquals(relay.getPort(), peer.lastSender().getPort(), "relayed without a channel binding");
            }
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH)), "connection still usable");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void rfc5766ChannelNumbersRelayBothWays(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, transport); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x774F),
                    new XorPeerAddress(peer.address()))));
            c.sendChannelData(0x774F, bytes("legacy"));
            assertArrayEquals(bytes("legacy"), peer.receive(3000));
            peer.send(relay, bytes("back"));
            byte[] frame = c.receive(3000);
            assertEquals(0x774F, Peer.channelOf(frame));
            assertArrayEquals(bytes("back"), Peer.channelPayload(frame));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void payloadsLargerThanAnMtuAreRelayedWhole(Transport transport) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, transport); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000), new XorPeerAddress(peer.address()));
            byte[] big = new byte[4001];
            java.util.Arrays.fill(big, (byte) 0x5A);
            c.sendChannelData(0x4000, big);
            assertArrayEquals(big, peer.receive(3000));
            peer.send(relay, big);
            assertArrayEquals(big, Peer.channelPayload(c.receive(3000)));
        }
    }

    @org.junit.jupiter.api.Test
    void closingTheTcpConnectionClosesItsAllocation() throws Exception {
        try (TestServer s = TestServer.start("")) {
            try (TurnClient c = client(s, Transport.TCP)) {
                c.allocate();
                assertEquals(1, s.server.allocationCount());
            }
            long deadline = System.currentTimeMillis() + 3000;
            while (s.server.allocationCount() != 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, s.server.allocationCount());
            assertEquals(List.of(CloseReason.CONNECTION_CLOSED), s.events.closed);
        }
    }
}
