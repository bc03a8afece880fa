package io.turnpike.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.IndicationWriter;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.relay.ClientRelay;
import io.turnpike.server.relay.PeerHandler;
import io.turnpike.server.relay.RelaySockets;
import io.turnpike.server.transport.UdpClientLink;
import io.turnpike.server.transport.UdpClients;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * One live UDP allocation wired to the server's real relay classes, for the relay benchmarks: the
 * client's {@link UdpClientLink} on a stand-in listener socket, the allocation with a permission and
 * (optionally) a channel for the peer, its relay socket carrying the real {@link PeerHandler}, and the
 * loop's {@link ClientRelay}. The two sockets are Netty {@link EmbeddedChannel}s: what the server
 * writes goes through their real pipelines and outbound buffers into a queue, which {@link #drain}
 * empties and releases (the stand-in for the kernel). The loop's deferred flushes are tasks on the
 * embedded event loop, run by {@link #drain} as the real loop runs them after its I/O. Buffers come
 * from the server's allocator ({@link RelaySockets#ALLOCATOR}).
 */
final class RelayFixture implements AutoCloseable {
    static final int CHANNEL = 0x4000;
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private static final long FAR = Long.MAX_VALUE / 2;

    final Clock clock = Clock.systemUTC();
    final TrafficCounters counters = new TrafficCounters();
    final ClientRelay relay = new ClientRelay(clock, counters, PeerPolicy.ALLOW_ALL);
    final UdpClients clients = new UdpClients();
    final EmbeddedChannel listener = new EmbeddedChannel();
    final EmbeddedChannel relaySocket;
    final Allocation allocation;
    final UdpClientLink link;

    RelayFixture(boolean bindChannel) {
        link = new UdpClientLink(listener, CLIENT, clients, relay.flushes());
        long now = clock.millis();
        allocation = new Allocation(1, link, "bench", null, TransactionId.random(new java.util.Random(1)), now, FAR);
        relaySocket = new EmbeddedChannel(new PeerHandler(allocation, false, clock, counters));
        listener.config().setAllocator(RelaySockets.ALLOCATOR); // as the server's sockets
        relaySocket.config().setAllocator(RelaySockets.ALLOCATOR);
        allocation.attachRelay(false, relaySocket, 40001, new InetSocketAddress("127.0.0.1", 40001));
        allocation.activate(StunMessage.builder(StunMethod.ALLOCATE, StunClass.SUCCESS_RESPONSE,
                allocation.allocateTransaction()).build(), null);
        link.attach(allocation);
        allocation.permissions().install(PEER.getAddress(), FAR, now);
        if (bindChannel) {
            allocation.channels().bind(CHANNEL, PEER, FAR, now);
        }
    }

    /** A pooled direct buffer holding a ChannelData message with {@code payload} zero bytes. */
    static ByteBuf channelData(int payload) {
        ByteBuf b = RelaySockets.ALLOCATOR.directBuffer(ChannelData.HEADER_LENGTH + payload);
        b.writeShort(CHANNEL).writeShort(payload).writeZero(payload);
        return b;
    }

    /** A pooled direct buffer holding a Send indication to {@link #PEER} with {@code payload} zero bytes. */
    static ByteBuf sendIndication(int payload) {
        ByteBuf b = RelaySockets.ALLOCATOR.directBuffer(IndicationWriter.HEAD_LENGTH_IPV4 + payload + 3);
        IndicationWriter.writeSendHead(b, TransactionId.random(new java.util.Random(1)), PEER, payload);
        b.writeZero(payload + IndicationWriter.paddingLength(payload));
        return b;
    }

    /** A datagram from {@link #PEER} as the relay socket receives it, in a pooled direct buffer. */
    static DatagramPacket fromPeer(int payload) {
        ByteBuf b = RelaySockets.ALLOCATOR.directBuffer(payload);
        b.writeZero(payload);
        return new DatagramPacket(b, new InetSocketAddress("127.0.0.1", 40001), PEER);
    }

    /**
     * Runs the loop's pending tasks (the deferred flushes) and releases what the server wrote to
     * {@code socket}, as the kernel would consume it; returns the bytes written.
     */
    static int drain(EmbeddedChannel socket) {
        socket.runPendingTasks();
        int bytes = 0;
        Object out;
        while ((out = socket.readOutbound()) != null) {
            bytes += out instanceof ByteBuf b ? b.readableBytes()
                    : ((io.netty.channel.AddressedEnvelope<?, ?>) out).content() instanceof ByteBuf c
                            ? c.readableBytes() : 0;
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    /** Fails set-up unless one relayed packet produced {@code expected} bytes (not the drop path). */
    static void expect(int written, int expected) {
        if (written != expected) {
            throw new IllegalStateException("relayed " + written + " bytes, expected " + expected);
        }
    }

    @Override
    public void close() {
        drain(listener);
        drain(relaySocket);
        listener.finishAndReleaseAll();
        relaySocket.finishAndReleaseAll();
    }
}
