package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TURN as an open proxy (SSRF), the attack class of Enable Security's "TURN server security" research
 * and their write-up "How we abused Slack's TURN servers to gain access to internal services": an
 * authenticated client asks the relay to talk to the cloud metadata service, to localhost or to the
 * private network, through CreatePermission, ChannelBind or a Send indication, hiding the address in
 * IPv6 forms where a filter only knows IPv4. RFC 8656 §10.2 / §12.2 let the server answer 403
 * (Forbidden); §21.2.2 / §21.4 ask it to. Every refusal is checked end to end against the production
 * peer filter, and a UDP peer bound on loopback proves that no packet arrives.
 */
@ExtendWith(LeakCheck.class)
class RelayToInternalAddressesTest {
    private static final byte[] PAYLOAD = {'G', 'E', 'T', ' ', '/'};
    private static AttackFixture fixture;

    @BeforeAll
    static void tls() throws Exception {
        fixture = new AttackFixture();
    }

    @AfterAll
    static void closeTls() throws Exception {
        fixture.close();
    }

    private static TurnClient client(TestServer s) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    /** Every encoding of an internal destination that published attacks and filter bypasses use. */
    private static List<InetSocketAddress> internalTargets(int loopbackPort) throws UnknownHostException {
        byte[] metadata = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};
        byte[] loopback = {127, 0, 0, 1};
        List<InetSocketAddress> all = new ArrayList<>();
        all.add(new InetSocketAddress("169.254.169.254", 80)); // cloud metadata service
        all.add(new InetSocketAddress("127.0.0.1", loopbackPort)); // localhost services
        all.add(new InetSocketAddress("10.1.2.3", 80)); // RFC 1918
        all.add(new InetSocketAddress("172.16.0.1", 80));
        all.add(new InetSocketAddress("192.168.1.1", 80));
        all.add(new InetSocketAddress("100.64.0.1", 80)); // CGNAT
        all.add(new InetSocketAddress("0.0.0.0", loopbackPort)); // Linux delivers 0.0.0.0 to this host
        all.add(new InetSocketAddress("224.0.0.1", 80)); // multicast
        all.add(new InetSocketAddress("255.255.255.255", 80)); // broadcast
        all.add(v6(new byte[16], loopbackPort, 15, 1)); // ::1
        all.add(v6(new byte[16], loopbackPort)); // ::
        all.add(embedded(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1}, loopback, loopbackPort)); // ::ffff:127.0.0.1
        all.add(embedded(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1}, metadata, 80)); // ::ffff:169.254.169.254
        all.add(embedded(new byte[12], loopback, loopbackPort)); // IPv4-compatible ::127.0.0.1
        all.add(embedded(new byte[12], metadata, 80)); // ::169.254.169.254
        all.add(embedded(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0}, metadata, 80)); // ::ffff:0:a9fe:a9fe
        all.add(embedded(new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, metadata, 80)); // NAT64
        all.add(embedded(new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, loopback,
                loopbackPort)); // 64:ff9b::7f00:1
        all.add(sixToFour(metadata, 80)); // 2002:a9fe:a9fe::
        all.add(sixToFour(loopback, loopbackPort)); // 2002:7f00:1::
        all.add(v6(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 80)); // link-local
        all.add(v6(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 80)); // ULA fc00::/7
        return all;
    }

    /** An IPv6 address kept as IPv6 (the JDK would turn ::ffff:a.b.c.d into an IPv4 address). */
    private static InetSocketAddress v6(byte[] bytes, int port, int... indexValuePairs) throws UnknownHostException {
        byte[] b = bytes.clone();
        for (int i = 0; i + 1 < indexValuePairs.length; i += 2) {
            b[indexValuePairs[i]] = (byte) indexValuePairs[i + 1];
        }
        return new InetSocketAddress(Inet6Address.getByAddress(null, b, -1), port);
    }

    private static InetSocketAddress embedded(byte[] prefix96, byte[] ipv4, int port) throws UnknownHostException {
        byte[] b = new byte[16];
        System.arraycopy(prefix96, 0, b, 0, 12);
        System.arraycopy(ipv4, 0, b, 12, 4);
        return v6(b, port);
    }

    private static InetSocketAddress sixToFour(byte[] ipv4, int port) throws UnknownHostException {
        byte[] b = new byte[16];
        b[0] = 0x20;
        b[1] = 0x02;
        System.arraycopy(ipv4, 0, b, 2, 4);
        return v6(b, port);
    }

    @Test
    void everyEncodingOfAnInternalAddressGets403AndNothingReachesThePeer() throws Exception {
        try (TestServer s = fixture.server(""); TurnClient c = client(s); Peer peer = new Peer()) {
            assertEquals(0, TurnClient.errorCode(c.allocate()));
            int channel = 0x4000;
            for (InetSocketAddress target : internalTargets(peer.address().getPort())) {
                String label = target.getAddress().getHostAddress() + " port " + target.getPort();
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                        new XorPeerAddress(target))), "CreatePermission " + label);
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(channel),
                        new XorPeerAddress(target))), "ChannelBind " + label);
                c.sendIndication(target, PAYLOAD);
                c.sendChannelData(channel, PAYLOAD);
                channel++;
            }
            assertNull(peer.receive(500), "nothing was relayed to the loopback peer");
            assertEquals(0, s.events.permissions.get(), "no permission installed");
            assertEquals(0, s.events.channels.get(), "no channel bound");
            assertEquals(0, s.counters.packets(Direction.CLIENT_TO_PEER, Transport.UDP), "nothing relayed at all");
        }
    }

    @Test
    void aRefusedPeerAmongAllowedOnesRefusesTheWholeCreatePermission() throws Exception {
        try (TestServer s = fixture.server(""); TurnClient c = client(s)) {
            c.allocate();
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("8.8.8.8", 53)),
                    new XorPeerAddress(new InetSocketAddress("169.254.169.254", 80)))));
            assertEquals(0, s.events.permissions.get(), "§10.2: the request fails as a whole");
        }
    }

    /** The control: the same client, server and peer do relay when loopback is allowed, so the test can see delivery. */
    @Test
    void loopbackAllowedByConfigurationIsRelayedAndTheAllowListIsExact() throws Exception {
        try (TestServer s = fixture.server("turnpike.security.peer { allow-loopback = true, allow = [\"10.0.0.5\"] }");
                TurnClient c = client(s); Peer peer = new Peer()) {
            c.allocate();
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))));
            c.sendIndication(peer.address(), PAYLOAD);
            assertArrayEquals(PAYLOAD, peer.receive(3000));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("10.0.0.5", 5060)))), "exactly the PBX is allowed");
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("10.0.0.6", 5060)))), "its neighbour is not");
            assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("169.254.169.254", 80)))));
        }
    }

    /**
     * The server's own listening ports are refused even where the address is allowed (issue 5), and a
     * Send indication cannot reach them through a permission installed for the same IP via another
     * port (permissions are per IP, §9). The payload is a Binding request: had it reached the UDP
     * listener, its answer would come back to the client as a Data indication.
     */
    @Test
    void theServersOwnListeningPortsAreRefusedEvenWhenTheirAddressIsAllowed() throws Exception {
        try (TestServer s = fixture.server("turnpike.security.peer.allow-loopback = true"); TurnClient c = client(s);
                Peer peer = new Peer()) {
            c.allocate();
            List<InetSocketAddress> own = new ArrayList<>();
            for (Transport t : Transport.values()) {
                InetSocketAddress bound = s.server.address(t);
                if (bound != null) { // DTLS is off by default, so it has no listener here
                    own.add(bound);
                }
            }
            assertTrue(own.size() >= 3, "UDP, TCP and TLS listeners at least: " + own);
            int channel = 0x4000;
            for (InetSocketAddress target : own) {
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                        new XorPeerAddress(target))), "CreatePermission " + target);
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CHANNEL_BIND,
                        new ChannelNumber(channel++), new XorPeerAddress(target))), "ChannelBind " + target);
            }
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))), "127.0.0.1 itself is allowed here");
            byte[] binding = TurnClient.encode(TurnClient.newRequest(StunMethod.BINDING).build(), null);
            long before = s.counters.packets(Direction.CLIENT_TO_PEER, Transport.UDP);
            c.sendIndication(s.server.address(Transport.UDP), binding);
            assertNull(c.receive(1000), "the listener never saw the Binding request");
            assertEquals(before, s.counters.packets(Direction.CLIENT_TO_PEER, Transport.UDP));
            assertTrue(s.counters.drops(DropReason.FILTER) >= 1, "dropped by the peer filter");
            c.sendIndication(peer.address(), PAYLOAD);
            assertArrayEquals(PAYLOAD, peer.receive(3000), "while the allowed peer on the same IP is reached");
        }
    }
}
