package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class RelayUdpTest {

    @Test
    void allocateCreatePermissionAndSendIndicationReachPeer() throws Exception {
        try (TestServer s = TestServer.start("");
                TurnClient c = TurnClient.udp(s.server.address(Transport.UDP)).credentials(TestServer.USER, TestServer.PASSWORD);
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            peer.setSoTimeout(3000);
            StunMessage allocated = c.allocate();
            assertEquals(0, TurnClient.errorCode(allocated), allocated.toString());
            InetSocketAddress relay = allocated.get(XorRelayedAddress.class).address();
            assertNotNull(relay);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            StunMessage perm = c.request(StunMethod.CREATE_PERMISSION, new XorPeerAddress(peerAddress));
            assertEquals(0, TurnClient.errorCode(perm), perm.toString());
            byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            io.netty.buffer.ByteBuf head = io.netty.buffer.Unpooled.buffer();
            io.turnpike.protocol.IndicationWriter.writeSendHead(head, io.turnpike.protocol.TransactionId.random(new java.util.Random()),
                    peerAddress, hello.length);
            head.writeBytes(hello).writeZero(3);
            c.sendRaw(io.netty.buffer.ByteBufUtil.getBytes(head));
            head.release();
            byte[] buf = new byte[1500];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            peer.receive(p);
            assertArrayEquals(hello, Arrays.copyOf(buf, p.getLength()));
            assertEquals(relay.getPort(), p.getPort());
        }
    }
}
