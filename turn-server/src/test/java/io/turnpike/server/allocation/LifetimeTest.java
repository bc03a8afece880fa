package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lifetimes as stored deadlines, checked on use and by the sweep (RFC 8656 §6, §8, §9, §12). */
@ExtendWith(LeakCheck.class)
class LifetimeTest {
    private static final byte[] PING = {1, 2, 3, 4, 5};

    private static TurnClient client(TestServer s) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    @Test
    void refreshWithLifetimeZeroDeletesTheAllocation() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate();
            StunMessage deleted = c.request(StunMethod.REFRESH, new Lifetime(0));
            assertEquals(0, TurnClient.errorCode(deleted));
            assertEquals(0, deleted.get(Lifetime.class).seconds());
            assertEquals(0, s.server.allocationCount());
            assertEquals(List.of(CloseReason.DELETED), s.events.closed);
            // §8.2: a retransmitted delete finds nothing: 437.
            assertEquals(437, TurnClient.errorCode(c.request(StunMethod.REFRESH, new Lifetime(0))));
            waitForPortRelease(s);
        }
    }

    @Test
    void refreshExtendsTheLifetime() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate();
            s.clock.advance(Duration.ofSeconds(500));
            assertEquals(1200, c.request(StunMethod.REFRESH, new Lifetime(1200)).get(Lifetime.class).seconds());
            s.clock.advance(Duration.ofSeconds(1000));
            s.server.sweepNow();
            assertEquals(1, s.server.allocationCount(), "still alive 1500 s after creation");
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH)));
        }
    }

    @Test
    void refreshAfterExpiryGets437() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate();
            s.clock.advance(Duration.ofSeconds(601));
            // Checked on use, before any sweep ran.
            assertEquals(437, TurnClient.errorCode(c.request(StunMethod.REFRESH)));
            assertEquals(List.of(CloseReason.EXPIRED), s.events.closed);
            waitForPortRelease(s);
        }
    }

    @Test
    void sweepClosesExpiredAllocationAndFreesItsPort() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate();
            assertEquals(1, s.server.relayPorts().inUse());
            s.clock.advance(Duration.ofSeconds(599));
            s.server.sweepNow();
            assertEquals(1, s.server.allocationCount());
            s.clock.advance(Duration.ofSeconds(2));
            s.server.sweepNow();
            assertEquals(0, s.server.allocationCount());
            waitForPortRelease(s);
            // The 5-tuple is free again: a new Allocate succeeds.
            assertEquals(0, TurnClient.errorCode(c.allocate()));
        }
    }

    @Test
    void expiredPermissionDropsPeerDataAndBlocksSend() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.request(StunMethod.CREATE_PERMISSION, new XorPeerAddress(peer.address()));
            peer.send(relay, PING);
            assertArrayEquals(PING, Peer.dataIndicationPayload(c.receive(3000), peer.address()));
            s.clock.advance(Duration.ofSeconds(301));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH)), "allocation outlives permission");
            peer.send(relay, PING);
            assertNull(c.receive(500), "RFC 8656 §9: no permission, no relaying");
            assertTrue(s.counters.drops(DropReason.NO_PERMISSION) >= 1);
            c.sendIndication(peer.address(), PING);
            assertNull(peer.receive(500));
            s.server.sweepNow();
            assertEquals(0, s.events.permissions.get(), "sweep removed the permission");
        }
    }

    @Test
    void expiredChannelIsUnboundButRefreshKeepsIt() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); Peer peer = new Peer()) {
            c.allocate(new Lifetime(3600));
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4001), new XorPeerAddress(peer.address()));
            s.clock.advance(Duration.ofSeconds(290));
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4001), new XorPeerAddress(peer.address()));
            s.clock.advance(Duration.ofSeconds(290));
            c.sendChannelData(0x4001, PING);
            assertArrayEquals(PING, peer.receive(3000), "refreshed binding and permission still relay");
            s.clock.advance(Duration.ofSeconds(601));
            c.sendChannelData(0x4001, PING);
            assertNull(peer.receive(500), "RFC 8656 §12.6: unbound channel, discarded");
            assertTrue(s.counters.drops(DropReason.UNBOUND_CHANNEL) >= 1);
        }
    }

    static void waitForPortRelease(TestServer s) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (s.server.relayPorts().inUse() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, s.server.relayPorts().inUse(), "relay port returned at once");
    }
}
