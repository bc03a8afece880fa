package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Allocate (RFC 8656 §7.2): every refusal and the retransmission rule. */
@ExtendWith(LeakCheck.class)
class AllocateTest {

    private static TurnClient client(TestServer s) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    @Test
    void successCarriesRelayedMappedAddressAndDefaultLifetime() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            StunMessage ok = c.allocate();
            assertEquals(0, TurnClient.errorCode(ok));
            assertEquals(600, ok.get(Lifetime.class).seconds());
            assertEquals(c.localAddress(), ok.get(XorMappedAddress.class).address());
            int port = ok.get(XorRelayedAddress.class).address().getPort();
            assertTrue(port >= s.server.settings().relay().minPort() && port <= s.server.settings().relay().maxPort());
            assertEquals(1, s.server.relayPorts().inUse());
        }
    }

    @Test
    void requestedLifetimeIsBoundedByTheMaximum() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            assertEquals(3600, c.allocate(new Lifetime(7200)).get(Lifetime.class).seconds());
        }
    }

    @Test
    void publicAddressIsAdvertisedWhileTheSocketBindsLocally() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.public-address = \"203.0.113.9\""); TurnClient c = client(s)) {
            StunMessage ok = c.allocate();
            assertEquals("203.0.113.9", ok.get(XorRelayedAddress.class).address().getAddress().getHostAddress());
        }
    }

    @Test
    void retransmittedAllocateGetsSameAnswerAndNoSecondAllocation() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            StunMessage request = c.sign(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)));
            byte[] wire = TurnClient.encode(request, c.key());
            c.sendRaw(wire);
            StunMessage first = c.awaitResponse(request.transactionId());
            c.sendRaw(wire);
            StunMessage second = c.awaitResponse(request.transactionId());
            assertEquals(0, TurnClient.errorCode(second));
            assertEquals(first.get(XorRelayedAddress.class), second.get(XorRelayedAddress.class));
            assertEquals(1, s.server.allocationCount());
            assertEquals(1, s.server.relayPorts().inUse());
        }
    }

    @Test
    void secondAllocateOnTheSameFiveTupleGets437() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            assertEquals(0, TurnClient.errorCode(c.allocate()));
            assertEquals(437, TurnClient.errorCode(c.allocate()));
            assertEquals(List.of(437), s.events.refused);
        }
    }

    private static int refusal(StunAttribute... attributes) throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            StunMessage response = c.request(StunMethod.ALLOCATE, attributes);
            assertEquals(0, s.server.relayPorts().inUse(), "a refused Allocate holds no port");
            return TurnClient.errorCode(response);
        }
    }

    @Test
    void missingRequestedTransportGets400() throws Exception {
        assertEquals(400, refusal());
    }

    @Test
    void unsupportedRequestedTransportGets442() throws Exception {
        // RFC 6062 §5.1 step 1: neither UDP nor TCP (here SCTP, 132). TCP over UDP gets 400 (TcpRelayTest).
        assertEquals(442, refusal(new RequestedTransport(132)));
    }

    @Test
    void bothAddressFamilyAttributesGet400() throws Exception {
        assertEquals(400, refusal(new RequestedTransport(17), new RequestedAddressFamily(0x01),
                new AdditionalAddressFamily(0x02)));
        assertEquals(400, refusal(new RequestedTransport(17), new AdditionalAddressFamily(0x01)));
    }

    @Test
    void unknownReservationTokenGets508AndWithEvenPort400() throws Exception {
        byte[] token = new byte[8];
        assertEquals(508, refusal(new RequestedTransport(17), new ReservationToken(token)));
        assertEquals(400, refusal(new RequestedTransport(17), new ReservationToken(token), new EvenPort(false)));
        assertEquals(400, refusal(new RequestedTransport(17), new EvenPort(true), new AdditionalAddressFamily(0x02)));
    }

    @Test
    void evenPortReservesTheNextPortForTheTokenHolder() throws Exception {
        try (TestServer s = TestServer.start("");
                TurnClient rtp = client(s); TurnClient rtcp = client(s)) {
            StunMessage first = rtp.allocate(new EvenPort(true));
            assertEquals(0, TurnClient.errorCode(first), first.toString());
            int even = first.get(XorRelayedAddress.class).address().getPort();
            assertEquals(0, even % 2, "RFC 8656 §7.2: an even port");
            ReservationToken token = first.get(ReservationToken.class);
            assertNotNull(token);
            assertEquals(2, s.server.relayPorts().inUse(), "N and the reserved N+1");
            StunMessage second = rtcp.allocate(token);
            assertEquals(0, TurnClient.errorCode(second));
            assertEquals(even + 1, second.get(XorRelayedAddress.class).address().getPort());
            assertEquals(508, TurnClient.errorCode(client(s).allocate(token)), "a token is used once");
        }
    }

    @Test
    void unclaimedReservationIsReturnedAfterItsHoldTime() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            c.allocate(new EvenPort(true));
            assertEquals(2, s.server.relayPorts().inUse());
            s.clock.advance(java.time.Duration.ofSeconds(31));
            s.server.sweepNow();
            assertEquals(1, s.server.relayPorts().inUse());
        }
    }

    @Test
    void evenPortWithoutReservationGivesAnEvenPort() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s)) {
            StunMessage ok = c.allocate(new EvenPort(false));
            assertEquals(0, ok.get(XorRelayedAddress.class).address().getPort() % 2);
            assertEquals(null, ok.get(ReservationToken.class));
        }
    }

    @Test
    void exhaustedRelayPortsGet508() throws Exception {
        try (TestServer s = TestServer.start("turnpike.relay.max-port = ${turnpike.relay.min-port}");
                TurnClient a = client(s); TurnClient b = client(s)) {
            StunMessage first = a.allocate();
            assertEquals(0, TurnClient.errorCode(first), first.toString());
            assertEquals(508, TurnClient.errorCode(b.allocate()));
            assertTrue(s.events.refused.contains(508));
            assertNotNull(first.get(XorRelayedAddress.class));
        }
    }
}
