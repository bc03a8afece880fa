package io.turnpike.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChangeRequest;
import io.turnpike.protocol.attribute.MappedAddress;
import io.turnpike.protocol.attribute.OtherAddress;
import io.turnpike.protocol.attribute.Padding;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.ResponseOrigin;
import io.turnpike.protocol.attribute.ResponsePort;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 5780 NAT behaviour discovery on 127.0.0.1 (A1) and 127.0.0.2 (A2): Linux routes all of
 * 127.0.0.0/8 to loopback, so both are addresses of this host.
 */
@ExtendWith(LeakCheck.class)
class NatDiscoveryTest {
    private static final InetAddress A1 = address("127.0.0.1");
    private static final InetAddress A2 = address("127.0.0.2");
    private static TestServer server;
    private static InetSocketAddress a1p1;
    private static int p2;

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        for (int attempt = 0; attempt < 5 && server == null; attempt++) {
            try (DatagramSocket probe = new DatagramSocket(0, A2)) {
                p2 = probe.getLocalPort(); // free on A2; A1:P2 is very likely free too
            }
            try {
                server = TestServer.start("turnpike.nat-discovery { alternate-address = \"127.0.0.2\","
                        + " alternate-port = " + p2 + " }");
            } catch (io.netty.channel.unix.Errors.NativeIoException | java.net.BindException e) {
                server = null; // another test took the port meanwhile: try another
            }
        }
        a1p1 = server.server.address(Transport.UDP);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** A received datagram: where it came from and what it says. */
    private record Answer(InetSocketAddress from, StunMessage message) {
    }

    private static Answer exchange(DatagramSocket socket, InetSocketAddress to, StunAttribute... attributes)
            throws Exception {
        StunMessage.Builder b = TurnClient.newRequest(StunMethod.BINDING);
        for (StunAttribute a : attributes) {
            b.add(a);
        }
        byte[] bytes = TurnClient.encode(b.build(), null);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
        return receive(socket, 3000);
    }

    private static Answer receive(DatagramSocket socket, int timeoutMillis) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(timeoutMillis);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Answer((InetSocketAddress) p.getSocketAddress(), TurnClient.decode(Arrays.copyOf(buf, p.getLength())));
    }

    @Test
    void bindingAnswersCarryBothMappedAddressesResponseOriginAndOtherAddress_rfc5780Section6_1() throws Exception {
        try (DatagramSocket c = new DatagramSocket(0, A1)) {
            Answer a = exchange(c, a1p1);
            InetSocketAddress me = (InetSocketAddress) c.getLocalSocketAddress();
            assertEquals(a1p1, a.from());
            assertEquals(me, a.message().get(XorMappedAddress.class).address());
            assertEquals(me, a.message().get(MappedAddress.class).address());
            assertEquals(a1p1, a.message().get(ResponseOrigin.class).address());
            assertEquals(new InetSocketAddress(A2, p2), a.message().get(OtherAddress.class).address());
        }
    }

    @Test
    void changeRequestPicksTheSourceAddressAndPort_rfc5780Table1() throws Exception {
        int p1 = a1p1.getPort();
        try (DatagramSocket c = new DatagramSocket(0, A1)) {
            record Case(boolean ip, boolean port, InetSocketAddress source) {
            }
            for (Case k : List.of(new Case(false, false, a1p1), new Case(true, false, new InetSocketAddress(A2, p1)),
                    new Case(false, true, new InetSocketAddress(A1, p2)),
                    new Case(true, true, new InetSocketAddress(A2, p2)))) {
                Answer a = exchange(c, a1p1, new ChangeRequest(k.ip(), k.port()));
                assertEquals(k.source(), a.from(), k.toString());
                assertEquals(k.source(), a.message().get(ResponseOrigin.class).address(), "RESPONSE-ORIGIN: " + k);
                assertEquals(new InetSocketAddress(A2, p2), a.message().get(OtherAddress.class).address(),
                        "OTHER-ADDRESS is Ca:Cp whatever the flags");
            }
            // Test III of §4.4 goes to OTHER-ADDRESS: answered from there, OTHER-ADDRESS is then A1:P1.
            Answer other = exchange(c, new InetSocketAddress(A2, p2), new ChangeRequest(false, false));
            assertEquals(new InetSocketAddress(A2, p2), other.from());
            assertEquals(a1p1, other.message().get(OtherAddress.class).address());
        }
    }

    @Test
    void responsePortSendsTheAnswerToThatPortOfTheSourceAddress_rfc5780Section7_5() throws Exception {
        try (DatagramSocket c = new DatagramSocket(0, A1); DatagramSocket elsewhere = new DatagramSocket(0, A1)) {
            StunMessage request = TurnClient.newRequest(StunMethod.BINDING)
                    .add(new ResponsePort(elsewhere.getLocalPort())).build();
            byte[] bytes = TurnClient.encode(request, null);
            c.send(new DatagramPacket(bytes, bytes.length, a1p1));
            Answer a = receive(elsewhere, 3000);
            assertNotNull(a, "answered to RESPONSE-PORT");
            assertEquals(request.transactionId(), a.message().transactionId());
            assertEquals(c.getLocalSocketAddress(), a.message().get(XorMappedAddress.class).address());
            assertNull(receive(c, 200), "not to the source port");
        }
    }

    @Test
    void paddingIsAnsweredWithPaddingAndNeverWithResponsePort_rfc5780Section7_6() throws Exception {
        try (DatagramSocket c = new DatagramSocket(0, A1)) {
            Answer padded = exchange(c, a1p1, new Padding(1500));
            assertEquals(StunClass.SUCCESS_RESPONSE, padded.message().messageClass());
            assertEquals(1500, padded.message().get(Padding.class).length());
            Answer both = exchange(c, a1p1, new Padding(8), new ResponsePort(c.getLocalPort()));
            assertEquals(400, TurnClient.errorCode(both.message()));
        }
    }

    @Test
    void aBareRequestTooSmallForTheFourAddressesGetsThePlainAnswer() throws Exception {
        try (DatagramSocket c = new DatagramSocket(0, A1)) {
            byte[] bare = new byte[20];
            bare[1] = 0x01; // Binding request, length 0
            System.arraycopy(new byte[] {0x21, 0x12, (byte) 0xA4, 0x42}, 0, bare, 4, 4);
            bare[19] = 7;
            c.send(new DatagramPacket(bare, bare.length, a1p1));
            Answer a = receive(c, 3000);
            assertNotNull(a.message().get(XorMappedAddress.class));
            assertNull(a.message().get(OtherAddress.class), "no more than 3x the request (amplification guard)");
        }
    }

    @Test
    void theExtraSocketsAnswerBindingOnly() throws Exception {
        try (DatagramSocket c = new DatagramSocket(0, A1)) {
            StunMessage allocate = TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build();
            byte[] bytes = TurnClient.encode(allocate, null);
            c.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(A2, p2)));
            assertNull(receive(c, 300), "no TURN on the discovery sockets");
        }
    }

    @Test
    void changeRequestOverTcpGets420() throws Exception {
        try (TurnClient c = TurnClient.tcp(server.server.address(Transport.TCP))) {
            StunMessage r = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING)
                    .add(new ChangeRequest(true, false)).build());
            assertEquals(420, TurnClient.errorCode(r));
        }
    }

    @Test
    void withoutDiscoveryTheRequestAttributesGet420_rfc5780Section6() throws Exception {
        try (TestServer plain = TestServer.start(""); TurnClient c = TurnClient.udp(plain.server.address(Transport.UDP))) {
            StunMessage change = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING)
                    .add(new ChangeRequest(false, false)).build());
            assertEquals(420, TurnClient.errorCode(change));
            assertEquals(List.of(0x0003), change.get(UnknownAttributes.class).types());
            StunMessage port = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING)
                    .add(new ResponsePort(4000)).add(new Padding(4)).build());
            assertEquals(List.of(0x0027, 0x0026), port.get(UnknownAttributes.class).types());
            StunMessage plainBinding = c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build());
            assertNull(plainBinding.get(OtherAddress.class), "OTHER-ADDRESS only with a second address (§7.4)");
            assertTrue(plainBinding.get(XorMappedAddress.class) != null);
        }
    }

    @Test
    void configurationNeedsAConcreteListenAddressAndAnotherAddressOfTheSameFamily() {
        for (String bad : List.of(
                "turnpike.nat-discovery.alternate-address = \"127.0.0.2\"", // listen 0.0.0.0 by default
                "turnpike.listen.addresses = [\"127.0.0.1\"], turnpike.nat-discovery.alternate-address = \"::1\"",
                "turnpike.listen.addresses = [\"127.0.0.1\"], turnpike.nat-discovery.alternate-address = \"127.0.0.1\"",
                "turnpike.listen.addresses = [\"127.0.0.1\"], turnpike.nat-discovery { alternate-address = \"127.0.0.2\","
                        + " alternate-port = 3478 }")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ServerSettings.from(ConfigLoader.overDefaults(ConfigFactory.parseString(bad))), bad);
            assertTrue(e.getMessage().contains("turnpike.nat-discovery."), e.getMessage());
        }
    }
}
