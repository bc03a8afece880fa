package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production peer filter on IPv6 relays (RFC 8656 §21.2.2, §21.4): an allocation with an IPv6
 * relayed address cannot reach IPv6 loopback, link-local, unique-local or IPv4-embedding addresses by
 * default; {@code allow-loopback} opens exactly ::1 (as it opens 127.0.0.1), here over a TLS
 * listener bound to ::1.
 */
@ExtendWith(LeakCheck.class)
class Ipv6PeersTest {
    private static final byte[] PAYLOAD = {'p', 'i', 'n', 'g'};
    private static AttackFixture fixture;

    @BeforeAll
    static void tls() throws Exception {
        fixture = new AttackFixture();
    }

    @AfterAll
    static void closeTls() throws Exception {
        fixture.close();
    }

    private static InetSocketAddress v6Listener(TestServer s, Transport t) {
        for (InetSocketAddress a : s.server.addresses(t)) {
            if (a.getAddress() instanceof Inet6Address) {
                return a;
            }
        }
        throw new AssertionError("no IPv6 " + t + " listener");
    }

    @Test
    void internalIpv6PeersAreRefusedOnAnIpv6Relay() throws Exception {
        try (TestServer s = fixture.server(""); Peer peer = new Peer("::1");
                TurnClient c = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            assertEquals(0, TurnClient.errorCode(c.allocate(new RequestedAddressFamily(0x02))));
            int port = peer.address().getPort();
            int channel = 0x4000;
            for (String target : List.of("::1", "::", "fe80::1", "fd00::1", "fc00::1", "fec0::1", "ff02::1",
                    "64:ff9b::7f00:1", "2002:7f00:1::", "2001:db8::1")) {
                InetSocketAddress address = new InetSocketAddress(target, port);
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                        new XorPeerAddress(address))), "CreatePermission " + target);
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND,
                        new ChannelNumber(channel++), new XorPeerAddress(address))), "ChannelBind " + target);
                c.sendIndication(address, PAYLOAD);
            }
            assertNull(peer.receive(300), "nothing reached the ::1 peer");
            assertEquals(0, s.events.permissions.get());
        }
    }

    @Test
    void allowLoopbackOpensIpv6LoopbackOverATlsListenerOnIpv6() throws Exception {
        try (TestServer s = fixture.server("turnpike.listen.addresses = [\"::1\"]\n"
                + "turnpike.security.peer.allow-loopback = true"); Peer peer = new Peer("::1");
                TurnClient c = TurnClient.tls(v6Listener(s, Transport.TLS), fixture.trusting())
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            StunMessage ok = c.allocate(new RequestedAddressFamily(0x02));
            assertEquals(0, TurnClient.errorCode(ok), ok.toString());
            InetSocketAddress relay = ok.get(XorRelayedAddress.class).address();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))));
            c.sendIndication(peer.address(), PAYLOAD);
            assertArrayEquals(PAYLOAD, peer.receive(3000));
            peer.send(relay, PAYLOAD);
            assertArrayEquals(PAYLOAD, Peer.dataIndicationPayload(c.receive(3000),
                    peer.address()));
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("fd00::1", 80)))), "only loopback is opened");
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(v6Listener(s, Transport.UDP)))), "the server's own [::1] ports stay refused");
        }
    }
}
