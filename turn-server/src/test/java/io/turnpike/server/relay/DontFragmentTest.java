package io.turnpike.server.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.Data;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.transport.NettyTransport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DONT-FRAGMENT (RFC 8656 §7.2 step 4, §11.2, §14, §15): with Netty's native epoll transport the
 * relay socket is switched to IP(V6)_PMTUDISC_DO, so every datagram it sends has DF set and is never
 * fragmented; on the NIO fallback (Java 17 cannot set DF) the attribute is refused with 420 listing
 * it in UNKNOWN-ATTRIBUTES, and Send indications carrying it are discarded.
 */
@ExtendWith(LeakCheck.class)
class DontFragmentTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TurnClient client(TestServer s) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
    }

    /** A Send indication (§11.1) with DONT-FRAGMENT. */
    private static byte[] sendWithDontFragment(InetSocketAddress peer, byte[] payload) {
        StunMessage m = StunMessage.builder(StunMethod.SEND, StunClass.INDICATION, TransactionId.random(RANDOM))
                .add(new XorPeerAddress(peer)).add(new Data(Unpooled.wrappedBuffer(payload)))
                .add(new DontFragment()).build();
        return TurnClient.encode(m, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void epollRelaySocketsTakeThePmtudiscDoOptionForBothFamilies() throws Exception {
        assertTrue(Epoll.isAvailable(), "the native epoll transport must load on the CI machine (Linux x86_64)");
        EventLoopGroup group = NettyTransport.detect().newGroup(1, "df-test");
        try {
            RelaySockets sockets = new RelaySockets(EpollDatagramChannel::new, null, Clock.systemUTC(),
                    new TrafficCounters(), true);
            assertTrue(sockets.supportsDontFragment());
            for (String host : List.of("127.0.0.1", "::1")) {
                boolean ipv6 = host.contains(":");
                Channel ch = new Bootstrap().group(group).channelFactory(EpollDatagramChannel::new)
                        .handler(new ChannelInboundHandlerAdapter())
                        .bind(new InetSocketAddress(host, 0)).sync().channel();
                try {
                    var option = ipv6 ? RelaySockets.IPV6_MTU_DISCOVER : RelaySockets.IP_MTU_DISCOVER;
                    assertNotEquals(RelaySockets.PMTUDISC_DO, ch.config().getOption(option), "not the default");
                    assertTrue(sockets.dontFragment(ch, ipv6));
                    assertEquals(RelaySockets.PMTUDISC_DO, ch.config().getOption(option), host);
                } finally {
                    ch.close().sync();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void rfc8656s7_2_step4_and_s11_2_epollHonoursDontFragmentInAllocateAndSend() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s); TurnClient c6 = client(s);
                Peer peer = new Peer(); Peer peer6 = new Peer("::1")) {
            assertEquals(0, TurnClient.errorCode(c.allocate(new DontFragment())));
            assertEquals(0, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))));
            c.sendRaw(sendWithDontFragment(peer.address(), bytes("df")));
            assertArrayEquals(bytes("df"), peer.receive(3000));
            // An allocation made without it switches its socket on the first Send that asks (§11.2).
            assertEquals(0, TurnClient.errorCode(c6.allocate(new RequestedAddressFamily(0x02))));
            assertEquals(0, TurnClient.errorCode(c6.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer6.address()))));
            c6.sendRaw(sendWithDontFragment(peer6.address(), bytes("df6")));
            assertArrayEquals(bytes("df6"), peer6.receive(3000));
        }
    }

    @Test
    void rfc8656s7_2_step4_withoutDfSupportAllocateGets420ListingDontFragment() throws Exception {
        try (TestServer s = TestServer.startNio(""); TurnClient c = client(s); TurnClient plain = client(s);
                Peer peer = new Peer()) {
            StunMessage refused = c.allocate(new DontFragment());
            assertEquals(420, TurnClient.errorCode(refused));
            assertEquals(List.of(0x001A), refused.get(UnknownAttributes.class).types());
            assertNotNull(refused.get(MessageIntegrity.class), "an authenticated request's error is signed");
            assertEquals(List.of(420), s.events.refused);
            assertEquals(0, s.server.relayPorts().inUse());
            // §7.1: the client retries without it, and gets its allocation.
            assertEquals(0, TurnClient.errorCode(plain.allocate()));
            assertEquals(0, TurnClient.errorCode(plain.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(peer.address()))));
            // §11.2: a Send indication asking for DF is discarded; one without it is relayed.
            plain.sendRaw(sendWithDontFragment(peer.address(), bytes("df")));
            assertNull(peer.receive(300));
            plain.sendIndication(peer.address(), bytes("plain"));
            assertArrayEquals(bytes("plain"), peer.receive(3000));
        }
    }
}
