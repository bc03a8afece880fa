package io.turnpike.server.relay;

import io.netty.buffer.ByteBuf;
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
import io.turnpike.server.events.Transport;
import io.turnpike.server.security.BandwidthLimiter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Peer to client, the relay hot path (RFC 8656 §11.3, §12.7): a datagram arriving on the relay
 * socket from a peer with a permission goes to the client as ChannelData when a channel is bound to
 * that peer, else as a Data indication. On streams the header goes in a small pooled buffer written
 * before the retained payload (no copy); a datagram is one pooled buffer, header and payload. Writes
 * are flushed once per read batch (UDP: once per loop round, see {@link FlushBatch}), except over
 * TLS, where each message is flushed into its own record. Allocation-free per packet. One handler
 * per relay socket, on the allocation's event loop.
 */
public final class PeerHandler extends ChannelInboundHandlerAdapter {
    private final Allocation allocation;
    private final boolean ipv6;
    private final Clock clock;
    private final TrafficCounters counters;
    private boolean pendingFlush;
    /** The last IPv6 sender and its address bytes, so Data indications to it allocate nothing. */
    private InetAddress lastSender6;
    private byte[] lastSender6Bytes;

    /** The handler of {@code allocation}'s relay socket of the family {@code ipv6}. */
    public PeerHandler(Allocation allocation, boolean ipv6, Clock clock, TrafficCounters counters) {
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
        boolean stream = link.isStream();
        ChannelBinding channel = ipv6 ? allocation.channels().byPeer6(sender, now)
                : allocation.channels().byPeer(ChannelBindings.peerKey(ip, sender.getPort()), now);
        ByteBuf head;
        int padding;
        if (channel != null) {
            // §12.7: ChannelData; padded to 4 on streams (§12.5).
            padding = stream ? ChannelData.paddingLength(length) : 0;
            head = headBuffer(ctx, stream, ChannelData.HEADER_LENGTH, length, padding);
            // Written directly: the codec's writer refuses RFC 5766 numbers above 0x4FFF.
            head.writeShort(channel.number()).writeShort(length);
        } else {
            if (length > IndicationWriter.MAX_PAYLOAD) {
                counters.dropped(DropReason.MALFORMED);
                return;
            }
            // §11.3: Data indication with XOR-PEER-ADDRESS and DATA (always padded: it is an attribute).
            padding = IndicationWriter.paddingLength(length);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (ipv6) {
                head = headBuffer(ctx, stream, IndicationWriter.HEAD_LENGTH_IPV6, length, padding);
                IndicationWriter.writeDataHead(head, random.nextLong(), random.nextInt(), bytesOf(ip),
                        sender.getPort(), length);
            } else {
                head = headBuffer(ctx, stream, IndicationWriter.HEAD_LENGTH_IPV4, length, padding);
                IndicationWriter.writeDataHead(head, random.nextLong(), random.nextInt(), ip.hashCode(),
                        sender.getPort(), length);
            }
        }
        write(ctx, link, stream, head, payload, length, padding);
        allocation.bytesToClient += length;
        counters.relayed(Direction.PEER_TO_CLIENT, link.transport(), length);
    }

    private void write(ChannelHandlerContext ctx, ClientLink link, boolean stream, ByteBuf head, ByteBuf payload,
            int length, int padding) {
        if (stream) {
            // Streams gather the pieces (writev, or one TLS record per flush): the payload is not copied.
            link.write(head);
            link.write(payload.retain());
            if (padding > 0) {
                link.write(ctx.alloc().ioBuffer(padding).writeZero(padding));
            }
        } else {
            // A datagram must be one buffer. Netty hands the payload as a slice without headroom, and a
            // composite costs several objects per packet, so the payload is copied once (memcpy, pooled).
            head.writeBytes(payload, payload.readerIndex(), length).writeZero(padding);
            link.write(head);
        }
        if (link.transport() == Transport.TLS) {
            // One TLS record per message: some clients (turnutils_uclient) read one record per wake-up and
            // fall behind when several messages share one. The socket flush is still batched, below TLS.
            link.flush();
        } else {
            pendingFlush = true;
        }
    }

    /** A pooled buffer for the message head, with room for the payload and padding on datagrams. */
    private static ByteBuf headBuffer(ChannelHandlerContext ctx, boolean stream, int headLength, int length,
            int padding) {
        return ctx.alloc().ioBuffer(stream ? headLength : headLength + length + padding);
    }

    /** The 16 bytes of an IPv6 sender; copied only when the sender changes. */
    private byte[] bytesOf(InetAddress ip) {
        if (!ip.equals(lastSender6)) {
            lastSender6Bytes = ip.getAddress();
            lastSender6 = ip;
        }
        return lastSender6Bytes;
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
