package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.ClientLink;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TrafficCounters;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * One TCP or TLS connection: one client 5-tuple, holding its allocation itself (RFC 8656 §3.1).
 * Frames come from {@link StreamFrameDecoder}; when the connection closes, so does its allocation.
 */
final class StreamConnection extends ChannelInboundHandlerAdapter implements ClientLink {
    private final LoopContext loop;
    private final Transport transport;
    private final TrafficCounters counters;
    private final Clock clock;
    private ChannelHandlerContext ctx;
    private Allocation allocation;

    StreamConnection(LoopContext loop, Transport transport, TrafficCounters counters, Clock clock) {
        this.loop = loop;
        this.transport = transport;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            ClientMessages.handle(loop, this, frame, counters);
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        Allocation a = allocation;
        if (a != null) {
            loop.allocations().close(a, CloseReason.CONNECTION_CLOSED, clock.millis());
        }
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close(); // reset, TLS failure, ...: only this connection is affected
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public InetSocketAddress client() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public InetSocketAddress local() {
        return (InetSocketAddress) ctx.channel().localAddress();
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void write(ByteBuf message) {
        ctx.write(message, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public Channel unframe(ChannelHandler raw) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addLast("raw", raw);
        if (pipeline.get(Listeners.IDLE) != null) {
            pipeline.remove(Listeners.IDLE); // a data connection may idle as long as its application does
        }
        pipeline.remove(this);
        pipeline.remove(Listeners.FRAMES); // its left-over bytes go on to raw
        return ctx.channel();
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    @Override
    public void attach(Allocation a) {
        allocation = a;
    }

    @Override
    public void detach(Allocation a) {
        if (allocation == a) {
            allocation = null;
        }
    }
}
