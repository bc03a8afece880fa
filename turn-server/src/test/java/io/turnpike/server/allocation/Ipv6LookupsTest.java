package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * IPv6 permissions (RFC 8656 §9) and channel bindings (§12) are found per packet without allocating
 * (STYLE.md), by a datagram's sender or by the 16 bytes of a Send indication's XOR-PEER-ADDRESS, and
 * are removed per family when half of a dual allocation is deleted (§8.1).
 */
class Ipv6LookupsTest {
    private static final int CALLS = 200_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void permissionsAndChannelsOfIpv6PeersAreFoundWithoutAllocating() throws Exception {
        Permissions permissions = new Permissions();
        ChannelBindings channels = new ChannelBindings();
        InetSocketAddress peer = new InetSocketAddress("2001:db8::7", 5000);
        for (int i = 1; i <= 5; i++) {
            permissions.install(InetAddress.getByName("2001:db8::" + i), 10_000, 0);
        }
        permissions.install(InetAddress.getByName("192.0.2.1"), 10_000, 0);
        permissions.install(peer.getAddress(), 10_000, 0);
        assertEquals(ChannelBindings.BindResult.CREATED, channels.bind(0x4000, peer, 10_000, 0));
        // What Netty hands over for each datagram: a new object equal to the bound peer.
        InetSocketAddress sender = new InetSocketAddress(InetAddress.getByAddress(peer.getAddress().getAddress()), 5000);
        byte[] bytes = peer.getAddress().getAddress();
        int[] hits = new int[1];
        Runnable lookups = () -> {
            for (int i = 0; i < CALLS; i++) {
                if (permissions.allows(sender.getAddress(), 1) && permissions.allowsIpv6(bytes, 1)
                        && channels.byPeer6(sender, 1) != null) {
                    hits[0]++;
                }
            }
        };
        lookups.run();
        lookups.run();
        long before = allocatedBytes();
        lookups.run();
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes in " + CALLS + " lookups");
        assertEquals(3 * CALLS, hits[0]);
        assertFalse(permissions.allows(sender.getAddress(), 10_000), "expired at its deadline");
    }

    @Test
    void removingOneFamilyKeepsTheOther() throws Exception {
        Permissions permissions = new Permissions();
        ChannelBindings channels = new ChannelBindings();
        InetSocketAddress v4 = new InetSocketAddress("192.0.2.1", 5000);
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 5000);
        permissions.install(v4.getAddress(), 10_000, 0);
        permissions.install(v6.getAddress(), 10_000, 0);
        channels.bind(0x4000, v4, 10_000, 0);
        channels.bind(0x4001, v6, 10_000, 0);
        assertEquals(ChannelBindings.BindResult.NUMBER_TAKEN, channels.bind(0x4001, v4, 10_000, 0));
        assertEquals(ChannelBindings.BindResult.PEER_TAKEN, channels.bind(0x4002, v6, 10_000, 0));
        assertEquals(1, permissions.removeFamily(true));
        assertEquals(1, channels.removeFamily(true));
        assertTrue(permissions.allows(v4.getAddress(), 1));
        assertFalse(permissions.allows(v6.getAddress(), 1));
        assertNotNull(channels.byNumber(0x4000, 1));
        assertNull(channels.byNumber(0x4001, 1));
        assertNull(channels.byPeer6(v6, 1));
    }
}
