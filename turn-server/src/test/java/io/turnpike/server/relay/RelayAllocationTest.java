package io.turnpike.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guards the relay hot path against per-packet garbage: bytes allocated by the event-loop threads
 * per relayed packet, measured with the JVM's per-thread allocation counters. What remains is
 * Netty's own per-datagram objects on the receive side (the received DatagramPacket and its sender
 * address, a slice of the read buffer; outbound datagrams go in pooled envelopes); a copy of a 4000-byte payload
 * in either direction would add at least 2000 per packet on average.
 */
@ExtendWith(LeakCheck.class)
class RelayAllocationTest {
    private static final int PACKETS = 3000;
    private static final int PAYLOAD = 4000;

    private static long loopAllocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("turnpike-") && t.isAlive()) {
                total += mx.getThreadAllocatedBytes(t.getId());
            }
        }
        return total;
    }

    @Test
    void relayedPacketsAllocateFarLessThanTheirPayload() throws Exception {
        try (TestServer s = TestServer.start("turnpike.security.max-bandwidth-per-allocation = 0");
                TurnClient c = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD);
                Peer peer = new Peer()) {
            InetSocketAddress relay = c.allocate().get(XorRelayedAddress.class).address();
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000), new XorPeerAddress(peer.address()));
            byte[] payload = new byte[PAYLOAD];
            // PARANOID leak tracking records a stack trace per buffer touch; measure without it
            // (buffers allocated meanwhile are simply not tracked).
            ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
            long perPacket;
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
            try {
                round(c, peer, relay, payload, 500); // warm up: pools, JIT, table growth
                long before = loopAllocatedBytes();
                round(c, peer, relay, payload, PACKETS);
                perPacket = (loopAllocatedBytes() - before) / (2L * PACKETS);
            } finally {
                ResourceLeakDetector.setLevel(level);
            }
            System.out.println("event-loop bytes allocated per relayed packet: " + perPacket);
            // Measured 178 bytes (Netty's receive side only). 500 still fails on a payload copy (2000+)
            // and on a per-packet object of our own of any real size coming back (a composite was ~250).
            assertTrue(perPacket < 500, "per packet " + perPacket + " bytes: is a payload copied, or an object made per packet?");
        }
    }

    private static void round(TurnClient c, Peer peer, InetSocketAddress relay, byte[] payload, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            c.sendChannelData(0x4000, payload);
            byte[] got = peer.receive(3000);
            assertNotNull(got, "client to peer " + i);
            peer.send(relay, got);
            byte[] back = c.receive(3000);
            assertNotNull(back, "peer to client " + i);
            assertEquals(4 + PAYLOAD, back.length);
        }
    }
}
