package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.AddressErrorCode;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.relay.RelaySettings;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Address families of relayed addresses (RFC 8656 §7.2 steps 6, 7 and 9, §8.2, §10.2): IPv4 by
 * default, IPv6 on REQUESTED-ADDRESS-FAMILY, one of each with ADDITIONAL-ADDRESS-FAMILY. The test
 * server relays on 127.0.0.1 and ::1; this machine must have IPv6 loopback (these tests fail, not
 * skip, without it).
 */
@ExtendWith(LeakCheck.class)
class Ipv6AllocateTest {
    private static final RequestedAddressFamily IPV4 = new RequestedAddressFamily(0x01);
    private static final RequestedAddressFamily IPV6 = new RequestedAddressFamily(0x02);
    private static final AdditionalAddressFamily ADDITIONAL_IPV6 = new AdditionalAddressFamily(0x02);
    private static final InetSocketAddress V4_PEER = new InetSocketAddress("127.0.0.1", 5000);
    private static final InetSocketAddress V6_PEER = new InetSocketAddress("::1", 5000);

    private static TurnClient client(TestServer s) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    private static List<InetSocketAddress> relayed(StunMessage response) {
        return response.getAll(XorRelayedAddress.class).stream().map(XorRelayedAddress::address).toList();
    }

    @Test
    void rfc8656s7_2_step7_ipv6AllocateOverIpv4TransportGetsAnIpv6RelayedAddress() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            StunMessage ok = c.allocate(IPV6);
            assertEquals(0, TurnClient.errorCode(ok), ok.toString());
            List<InetSocketAddress> relayed = relayed(ok);
            assertEquals(1, relayed.size());
            assertEquals(InetAddress.getByName("::1"), relayed.get(0).getAddress());
            assertInstanceOf(Inet4Address.class, ok.get(XorMappedAddress.class).address().getAddress());
            assertEquals(1, s.server.relayPorts().inUse());
        }
    }

    @Test
    void rfc8656s7_2_step7_defaultFamilyIsIpv4EvenOverIpv6Transport() throws Exception {
        try (TestServer s = TestServer.start("turnpike.listen.addresses = [\"127.0.0.1\", \"::1\"]");
                TurnClient c = TurnClient.udp(v6Listener(s, Transport.UDP), new InetSocketAddress("::1", 0))
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            StunMessage ok = c.allocate();
            assertEquals(0, TurnClient.errorCode(ok), ok.toString());
            assertEquals(List.of(new InetSocketAddress("127.0.0.1", relayed(ok).get(0).getPort())), relayed(ok));
            assertEquals(c.localAddress(), ok.get(XorMappedAddress.class).address(), "an IPv6 client 5-tuple");
            StunMessage v6 = TurnClient.udp(v6Listener(s, Transport.UDP), new InetSocketAddress("::1", 0))
                    .credentials(TestServer.USER, TestServer.PASSWORD).allocate(IPV6);
            assertInstanceOf(Inet6Address.class, relayed(v6).get(0).getAddress());
        }
    }

    /** The listener bound on ::1 for {@code transport}. */
    static InetSocketAddress v6Listener(TestServer s, Transport transport) {
        for (InetSocketAddress a : s.server.addresses(transport)) {
            if (a.getAddress() instanceof Inet6Address) {
                return a;
            }
        }
        throw new AssertionError("no IPv6 listener for " + transport + ": " + s.server.addresses(transport));
    }

    @Test
    void rfc8656s7_2_step7_familyWithoutARelayGets440() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.bind-address-v6 = \"\""); TurnClient c = client(s)) {
            assertEquals(440, TurnClient.errorCode(c.allocate(IPV6)));
            assertEquals(0, TurnClient.errorCode(c.allocate(IPV4)), "IPv4 still works");
        }
        try (TestServer s = TestServer.start("turnpike.relay.bind-address = \"\""); TurnClient c = client(s)) {
            assertEquals(440, TurnClient.errorCode(c.allocate()), "no IPv4 relay: the default family is refused");
            assertEquals(440, TurnClient.errorCode(c.allocate(ADDITIONAL_IPV6)), "step 7 comes before step 9");
            assertEquals(0, TurnClient.errorCode(c.allocate(IPV6)), "an IPv6-only relay serves IPv6");
            assertEquals(List.of(440, 440), s.events.refused);
        }
    }

    @Test
    void rfc8656s7_2_step7_unknownFamilyValueGets440() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            assertEquals(440, TurnClient.errorCode(c.allocate(new RequestedAddressFamily(0x03))));
            assertEquals(0, s.server.relayPorts().inUse());
        }
    }

    @Test
    void rfc8656s7_2_steps6and9_familyAttributeCombinationsGet400() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            assertEquals(400, TurnClient.errorCode(c.allocate(IPV6, ADDITIONAL_IPV6)), "step 6: both present");
            assertEquals(400, TurnClient.errorCode(c.allocate(new AdditionalAddressFamily(0x01))), "step 9: IPv4");
            assertEquals(400, TurnClient.errorCode(c.allocate(new EvenPort(true), ADDITIONAL_IPV6)), "step 8");
            assertEquals(0, s.server.relayPorts().inUse());
        }
    }

    @Test
    void rfc8656s7_2_step9_dualAllocationGetsOneRelayedAddressPerFamily() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            StunMessage ok = c.allocate(ADDITIONAL_IPV6);
            assertEquals(0, TurnClient.errorCode(ok), ok.toString());
            List<InetSocketAddress> relayed = relayed(ok);
            assertEquals(2, relayed.size(), "two XOR-RELAYED-ADDRESS attributes");
            assertEquals(InetAddress.getByName("127.0.0.1"), relayed.get(0).getAddress());
            assertEquals(InetAddress.getByName("::1"), relayed.get(1).getAddress());
            assertNull(ok.get(AddressErrorCode.class), "fully met");
            assertEquals(2, s.server.relayPorts().inUse());
            // §10.2: both families' peers are accepted on a dual allocation.
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(V4_PEER), new XorPeerAddress(V6_PEER))));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH, new Lifetime(0))));
            waitForPorts(s, 0);
        }
    }

    @Test
    void rfc8656s7_2_step9_dualAllocationWithoutIpv6RelayIsIpv4WithAddressErrorCode440() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.bind-address-v6 = \"\""); TurnClient c = client(s)) {
            StunMessage ok = c.allocate(ADDITIONAL_IPV6);
            assertEquals(0, TurnClient.errorCode(ok));
            assertEquals(1, relayed(ok).size());
            assertInstanceOf(Inet4Address.class, relayed(ok).get(0).getAddress());
            assertEquals(new AddressErrorCode(0x02, 440, "Address Family not Supported"), ok.get(AddressErrorCode.class));
        }
    }

    @Test
    void rfc8656s7_2_step9_dualAllocationWithoutASecondPortIsIpv4WithAddressErrorCode508() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.max-port = ${turnpike.relay.min-port}");
                TurnClient c = client(s)) {
            StunMessage ok = c.allocate(ADDITIONAL_IPV6);
            assertEquals(0, TurnClient.errorCode(ok), ok.toString());
            assertEquals(1, relayed(ok).size());
            assertEquals(508, ok.get(AddressErrorCode.class).code());
            assertEquals(0x02, ok.get(AddressErrorCode.class).family());
        }
    }

    @Test
    void rfc8656s7_2_evenPortReservationKeepsTheIpv6Family() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient rtp = client(s); TurnClient rtcp = client(s)) {
            StunMessage first = rtp.allocate(IPV6, new EvenPort(true));
            assertEquals(0, TurnClient.errorCode(first), first.toString());
            InetSocketAddress even = relayed(first).get(0);
            assertEquals(0, even.getPort() % 2);
            StunMessage second = rtcp.allocate(first.get(ReservationToken.class));
            assertEquals(0, TurnClient.errorCode(second), second.toString());
            assertEquals(new InetSocketAddress(even.getAddress(), even.getPort() + 1), relayed(second).get(0),
                    "N+1 on the same (IPv6) address");
        }
    }

    @Test
    void rfc8656s10_2_and_s12_2_peerOfAFamilyWithoutRelayGets443() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient v6 = client(s); TurnClient v4 = client(s)) {
            v6.allocate(IPV6);
            assertEquals(443, TurnClient.errorCode(v6.request(StunMethod.CREATE_PERMISSION, new XorPeerAddress(V4_PEER))));
            assertEquals(443, TurnClient.errorCode(v6.request(StunMethod.CHANNEL_BIND,
                    new ChannelNumber(0x4000), new XorPeerAddress(V4_PEER))));
            assertEquals(0, TurnClient.errorCode(v6.request(StunMethod.CREATE_PERMISSION, new XorPeerAddress(V6_PEER))));
            v4.allocate();
            assertEquals(443, TurnClient.errorCode(v4.request(StunMethod.CHANNEL_BIND,
                    new ChannelNumber(0x4000), new XorPeerAddress(V6_PEER))));
        }
    }

    @Test
    void rfc8656s8_2_refreshWithAFamilyTheAllocationLacksGets443() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient v6 = client(s); TurnClient v4 = client(s)) {
            v6.allocate(IPV6);
            assertEquals(443, TurnClient.errorCode(v6.request(StunMethod.REFRESH, IPV4)));
            assertEquals(600, v6.request(StunMethod.REFRESH, IPV6).get(Lifetime.class).seconds());
            v4.allocate();
            assertEquals(443, TurnClient.errorCode(v4.request(StunMethod.REFRESH, IPV6)));
            assertEquals(0, TurnClient.errorCode(v4.request(StunMethod.REFRESH, IPV4)));
        }
    }

    /** §8.1: deleting one family of a dual allocation keeps the other and its permissions. */
    @Test
    void rfc8656s8_1_refreshDeletingOneFamilyOfADualAllocationKeepsTheOther() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate(ADDITIONAL_IPV6);
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(V4_PEER), new XorPeerAddress(V6_PEER))));
            StunMessage deleted = c.request(StunMethod.REFRESH, IPV6, new Lifetime(0));
            assertEquals(0, TurnClient.errorCode(deleted));
            waitForPorts(s, 1);
            assertEquals(1, s.server.allocationCount(), "the IPv4 half lives on");
            assertEquals(1, s.events.permissions.get(), "only the IPv6 permission went");
            assertEquals(443, TurnClient.errorCode(c.request(StunMethod.REFRESH, IPV6)), "no IPv6 half any more");
            assertEquals(443, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION, new XorPeerAddress(V6_PEER))));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.REFRESH, IPV4)));
        }
    }

    private static void waitForPorts(TestServer s, int inUse) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (s.server.relayPorts().inUse() != inUse && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(inUse, s.server.relayPorts().inUse());
    }

    @Test
    void rfc8656s7_2_step4_dontFragmentIsRefusedWith420WhereDfCannotBeSet() {
        StunMessage request = TurnClient.newRequest(StunMethod.ALLOCATE)
                .add(new RequestedTransport(17))
                .add(new DontFragment()).build();
        RelaySettings relay = new RelaySettings(
                InetAddress.getLoopbackAddress(), null, 50000, 50010, null, null);
        assertEquals(420, AllocateMethod.check(request, relay, false));
        assertEquals(0, AllocateMethod.check(request, relay, true));
    }
}
