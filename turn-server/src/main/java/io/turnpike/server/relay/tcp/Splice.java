package io.turnpike.server.relay.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One direction of a TCP relay connection (RFC 6062 §5.4): bytes read on this handler's socket are
 * written as they are, the same buffers with no copy and no framing, to the other socket, flushed
 * once per read batch. Backpressure: when the other socket's queue passes its high water mark this
 * socket stops reading, and resumes when that queue drains (Netty's writability events), so a slow
 * receiver costs at most the configured buffer per direction. Closing or half-closing either socket
 * closes the connection. On the allocation's loop once started.
 */
public final class Splice extends ChannelInboundHandlerAdapter {
    private final PeerConnection connection;
    private final boolean fromClient;
    private boolean started;
    private boolean pendingFlush;
    /** Bytes a client sent right after its ConnectionBind, read before the connection moved loops. */
    private ByteBuf held;

    Splice(PeerConnection connection, boolean fromClient) {
        this.connection = connection;
        this.fromClient = fromClient;
        this.started = !fromClient; // the peer side reads nothing before the bind (auto-read off)
    }

    /** Starts relaying the client data connection {@code data}, first the bytes held so far. */
    void start(Channel data) {
        started = true;
        if (held != null) {
            ByteBuf early = held;
            held = null;
            forward(data, early);
            otherChannel().flush();
        }
    }

    private Channel otherChannel() {
        return fromClient ? connection.peerChannel() : connection.clientChannel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (!started) {
            hold(ctx, buf);
            return;
        }
        forward(ctx.channel(), buf);
    }

    private void forward(Channel self, ByteBuf buf) {
        int length = buf.readableBytes();
        Channel other = otherChannel();
        if (length == 0 || other == null) {
            buf.release();
            return;
        }
        connection.counted(fromClient, length);
        other.write(buf, other.voidPromise());
        pendingFlush = true;
        if (!other.isWritable()) {
            self.config().setAutoRead(false);
        }
    }

    private void hold(ChannelHandlerContext ctx, ByteBuf buf) {
        if (held == null) {
            held = buf;
            return;
        }
        CompositeByteBuf both = ctx.alloc().compositeBuffer();
        both.addComponents(true, held, buf);
        held = both;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pendingFlush) {
            pendingFlush = false;
            Channel other = otherChannel();
            if (other != null) {
                other.flush();
            }
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This socket's queue drained below the low water mark: the socket feeding it may read again.
        Channel source = otherChannel();
        if (ctx.channel().isWritable() && source != null && connection.isBound()) {
            source.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.closeOnOwner();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // reset by the other end, write failure: channelInactive closes the pair
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
