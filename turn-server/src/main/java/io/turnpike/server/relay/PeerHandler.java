package io.turnpike.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.IndicationWriter;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.ChannelBinding;
import io.turnpike.server.allocation.ChannelBindings;
import io.turnpike.server.allocation.ClientLink;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.security.BandwidthLimiter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Peer to client, the relay hot path (RFC 8656 §11.3, §12.7): a datagram arriving on the relay
 * socket from a peer with a permission goes to the client as ChannelData when a channel is bound to
 * that peer, else as a Data indication. The payload is never copied: the few header bytes go in a
 * small buffer composed in front of the retained payload. Writes are flushed once per read batch.
 * One handler per relay socket, on the allocation's event loop.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {
    /** Zero bytes for padding to 4 (RFC 8656 §12.5, RFC 8489 §14); shared, never released. */
    private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[3]).asReadOnly());

    private final Allocation allocation;
    private final boolean ipv6;
    private final Clock clock;
    private final TrafficCounters counters;
    private boolean pendingFlush;
    /** The last IPv6 sender and its address bytes, so Data indications to it allocate nothing. */
    private InetAddress lastSender6;
    private byte[] lastSender6Bytes;

    PeerHandler(Allocation allocation, boolean ipv6, Clock clock, TrafficCounters counters) {
        this.allocation = allocation;
        this.ipv6 = ipv6;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            relay(ctx, packet);
        } finally {
            packet.release();
        }
    }

    private void relay(ChannelHandlerContext ctx, DatagramPacket packet) {
        long now = clock.millis();
        InetSocketAddress sender = packet.sender();
        InetAddress ip = sender.getAddress();
        // RFC 8656 §11.3: no permission for the peer's IP address → silently discard (and count).
        // A datagram of the other family (IPv4 reaching a dual-stack IPv6 socket) is not this
        // relayed address's: discarded likewise.
        if (!allocation.isActive() || (ip instanceof Inet6Address) != ipv6
                || !allocation.permissions().allows(ip, now)) {
            counters.dropped(DropReason.NO_PERMISSION);
            return;
        }
        ByteBuf payload = packet.content();
        int length = payload.readableBytes();
        BandwidthLimiter bandwidth = allocation.bandwidth();
        if (bandwidth != null && !bandwidth.tryPass(length, System.nanoTime())) {
            counters.dropped(DropReason.QUOTA); // RFC 8656 §21.3.1: excess discarded at once
            return;
        }
        ClientLink link = allocation.link();
        ChannelBinding channel = ipv6 ? allocation.channels().byPeer6(sender, now)
                : allocation.channels().byPeer(ChannelBindings.peerKey(ip, sender.getPort()), now);
        ByteBuf out;
        if (channel != null) {
            // §12.7: ChannelData; padded to 4 on streams (§12.5).
            ByteBuf header = ctx.alloc().ioBuffer(ChannelData.HEADER_LENGTH);
            // Written directly: the codec's writer refuses RFC 5766 numbers above 0x4FFF.
            header.writeShort(channel.number()).writeShort(length);
            out = compose(ctx, header, payload, link.isStream() ? ChannelData.paddingLength(length) : 0);
        } else {
            if (length > IndicationWriter.MAX_PAYLOAD) {
                counters.dropped(DropReason.MALFORMED);
                return;
            }
            // §11.3: Data indication with XOR-PEER-ADDRESS and DATA (always padded: it is an attribute).
            ThreadLocalRandom random = ThreadLocalRandom.current();
            ByteBuf head;
            if (ipv6) {
                head = ctx.alloc().ioBuffer(IndicationWriter.HEAD_LENGTH_IPV6);
                IndicationWriter.writeDataHead(head, random.nextLong(), random.nextInt(), bytesOf(ip),
                        sender.getPort(), length);
            } else {
                head = ctx.alloc().ioBuffer(IndicationWriter.HEAD_LENGTH_IPV4);
                IndicationWriter.writeDataHead(head, random.nextLong(), random.nextInt(), ip.hashCode(),
                        sender.getPort(), length);
            }
            out = compose(ctx, head, payload, IndicationWriter.paddingLength(length));
        }
        link.write(out);
        pendingFlush = true;
        allocation.bytesToClient += length;
        counters.relayed(Direction.PEER_TO_CLIENT, link.transport(), length);
    }

    /** The 16 bytes of an IPv6 sender; copied only when the sender changes. */
    private byte[] bytesOf(InetAddress ip) {
        if (!ip.equals(lastSender6)) {
            lastSender6Bytes = ip.getAddress();
            lastSender6 = ip;
        }
        return lastSender6Bytes;
    }

    private static ByteBuf compose(ChannelHandlerContext ctx, ByteBuf head, ByteBuf payload, int padding) {
        CompositeByteBuf out = ctx.alloc().compositeDirectBuffer(3);
        out.addComponent(true, head);
        out.addComponent(true, payload.retain());
        if (padding > 0) {
            out.addComponent(true, ZEROS.slice(0, padding));
        }
        return out;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pendingFlush) {
            pendingFlush = false;
            allocation.link().flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors surface here on connected sockets only; relay sockets are unconnected. Ignore.
    }
}
