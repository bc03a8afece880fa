package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.protocol.Demux;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.relay.ChannelFrames;
import java.net.InetSocketAddress;

/**
 * The UDP listener socket's handler: finds the client 5-tuple's link (allocation-free for known
 * clients) and hands the datagram to the shared demultiplexer. One per listener socket; with epoll
 * and SO_REUSEPORT there is one socket per event loop and the kernel keeps each client on one.
 */
final class UdpListener extends ChannelInboundHandlerAdapter {
    /** The first two bytes of a Binding request (RFC 8489 §5: method 0x001, class request). */
    private static final int BINDING_REQUEST = 0x0001;

    private final LoopContext loop;
    private final TrafficCounters counters;
    private final boolean bindingOnly;
    private final UdpClients clients = new UdpClients();

    UdpListener(LoopContext loop, TrafficCounters counters) {
        this(loop, counters, false);
    }

    /** With {@code bindingOnly}, every datagram but a Binding request is dropped (RFC 5780 extra sockets). */
    UdpListener(LoopContext loop, TrafficCounters counters, boolean bindingOnly) {
        this.loop = loop;
        this.counters = counters;
        this.bindingOnly = bindingOnly;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            ByteBuf content = packet.content();
            InetSocketAddress sender = packet.sender();
            if (bindingOnly && (content.readableBytes() < 2
                    || content.getUnsignedShort(content.readerIndex()) != BINDING_REQUEST)) {
                counters.dropped(DropReason.MALFORMED);
                return;
            }
            UdpClientLink link = clients.get(sender);
            if (link == null) {
                if (!content.isReadable() || !Demux.isStun(content.getByte(content.readerIndex()))) {
                    // ChannelData from a 5-tuple without allocation (RFC 8656 §5: ignore), or junk.
                    boolean channelData = content.isReadable()
                            && ChannelFrames.isChannelData(content.getByte(content.readerIndex()));
                    counters.dropped(channelData ? DropReason.NO_ALLOCATION : DropReason.MALFORMED);
                    return;
                }
                link = new UdpClientLink(ctx.channel(), sender, clients, loop.relay().flushes());
            }
            ClientMessages.handle(loop, link, content, counters);
        } finally {
            packet.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket error (e.g. ICMP port unreachable reported late) must not close the listener.
    }
}
