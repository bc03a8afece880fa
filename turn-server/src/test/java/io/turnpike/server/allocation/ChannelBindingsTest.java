package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.server.allocation.ChannelBindings.BindResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ChannelBindingsTest {
    private final InetSocketAddress peerA = new InetSocketAddress("192.0.2.1", 5000);
    private final InetSocketAddress peerB = new InetSocketAddress("192.0.2.2", 5000);

    @Test
    void rfc8656Section12RebindingRules() {
        ChannelBindings c = new ChannelBindings();
        assertEquals(BindResult.CREATED, c.bind(0x4000, peerA, 1000, 0));
        assertEquals(BindResult.REFRESHED, c.bind(0x4000, peerA, 2000, 500));
        assertEquals(BindResult.NUMBER_TAKEN, c.bind(0x4000, peerB, 2000, 500));
        assertEquals(BindResult.PEER_TAKEN, c.bind(0x4001, peerA, 2000, 500));
        assertNotNull(c.byNumber(0x4000, 1999));
        assertNull(c.byNumber(0x4000, 2000), "expired at its deadline");
        long key = ChannelBindings.peerKey(peerA.getAddress(), peerA.getPort());
        assertNull(c.byPeer(key, 2000));
        // Once expired the number and the peer may be bound again differently.
        assertEquals(BindResult.CREATED, c.bind(0x4000, peerB, 9000, 2500));
        assertEquals(BindResult.CREATED, c.bind(0x4001, peerA, 9000, 2500));
    }

    @Test
    void sweepRemovesOnlyExpiredBindings() {
        ChannelBindings c = new ChannelBindings();
        c.bind(0x4000, peerA, 1000, 0);
        c.bind(0x4FFF, peerB, 5000, 0);
        assertEquals(1, c.removeExpired(1000));
        assertEquals(1, c.size());
        assertTrue(ChannelBindings.validNumber(0x4FFF));
        assertFalse(ChannelBindings.validNumber(0x5000));
        assertFalse(ChannelBindings.validNumber(0x3FFF));
    }

    @Test
    void permissionsAreByAddressOnlyAndExpire() throws Exception {
        Permissions p = new Permissions();
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertTrue(p.install(a, 300, 0));
        assertFalse(p.install(a, 600, 100), "refresh, not a new permission");
        assertTrue(p.allows(a, 599));
        assertFalse(p.allows(a, 600));
        assertFalse(p.allows(InetAddress.getByName("192.0.2.9"), 0));
        assertEquals(1, p.removeExpired(600));
        assertEquals(0, p.size());
    }
}
