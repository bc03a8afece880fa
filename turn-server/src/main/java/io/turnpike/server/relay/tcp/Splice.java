package io.turnpike.server.relay.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.turnpike.server.security.BandwidthLimiter;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a TCP relay connection (RFC 6062 §5.4): bytes read on this handler's socket are
 * written as they are, the same buffers with no copy and no framing, to the other socket, flushed
 * once per read batch. Closing or half-closing either socket closes the connection. On the
 * allocation's loop once started.
 *
 * <p>This socket stops reading for either of two reasons, and reads again only when neither holds:
 * <ul>
 * <li>backpressure (RFC 6062 §3: the relay stops reading from the source when it cannot write to
 *     the destination): the other socket's queue passed its high water mark; cleared by Netty's
 *     writability event when it drains, so a slow receiver costs at most the configured buffer;
 * <li>pacing (RFC 8656 §21.3.1, the per-allocation bandwidth limit): a stream cannot drop bytes, so
 *     a read over the allocation's budget is relayed whole and puts the budget in debt, and this
 *     socket pauses until the debt is repaid: one resume task, scheduled on the allocation's loop,
 *     which pauses again if other sockets of the allocation deepened the debt meanwhile.
 * </ul>
 */
public final class Splice extends ChannelInboundHandlerAdapter {
    private final PeerConnection connection;
    private final boolean fromClient;
    private boolean started;
    private boolean pendingFlush;
    /** The other socket's queue is full: this socket waits for it to drain. */
    private boolean backpressured;
    /** The allocation's budget is in debt: this socket waits for {@link #resumeTask}. */
    private boolean paced;
    private long pausedAtNanos;
    private ScheduledFuture<?> resumeTask;
    /** Made once, so pausing allocates nothing but Netty's scheduled task. */
    private final Runnable resume = this::resumeIfRepaid;
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

    private Channel ownChannel() {
        return fromClient ? connection.clientChannel() : connection.peerChannel();
    }

    /**
     * Lets this socket read (both sockets are spliced), unless the allocation's budget is in debt
     * already (another connection of the allocation, or the bytes held before the bind, spent it).
     */
    void startReading() {
        Channel self = ownChannel();
        BandwidthLimiter budget = connection.owner().allocation().bandwidth();
        if (budget != null) {
            long now = System.nanoTime();
            pace(self, budget.nanosUntilRepaid(now), now);
        }
        updateReading(self);
    }

    /** The other socket drained below its low water mark: this one may read again unless paced. */
    void backpressureRelieved() {
        backpressured = false;
        updateReading(ownChannel());
    }

    private void updateReading(Channel self) {
        if (self != null) {
            self.config().setAutoRead(!backpressured && !paced);
        }
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
            backpressured = true;
            self.config().setAutoRead(false);
        }
        BandwidthLimiter budget = connection.owner().allocation().bandwidth();
        if (budget != null) {
            // RFC 8656 §21.3.1 for a stream: relay the bytes read (never drop or cut them) and pay
            // for them by not reading until the allocation's budget is out of debt.
            long now = System.nanoTime();
            long wait = budget.passPaced(length, now);
            if (wait > 0) {
                pace(self, wait, now);
            }
        }
    }

    /**
     * Stops reading for {@code waitNanos} (if positive) with one resume task; a socket already paced
     * keeps its task, which checks the budget again when it runs.
     */
    private void pace(Channel self, long waitNanos, long now) {
        if (waitNanos <= 0 || paced || self == null) {
            return;
        }
        paced = true;
        pausedAtNanos = now;
        self.config().setAutoRead(false);
        resumeTask = loop().schedule(resume, waitNanos, TimeUnit.NANOSECONDS);
    }

    /** The resume task: reads again once the debt is repaid, else waits for the rest of it. */
    private void resumeIfRepaid() {
        resumeTask = null;
        Channel self = ownChannel();
        if (!paced || self == null || !self.isActive() || connection.isClosed()) {
            return; // closing: channelInactive or handlerRemoved settles the account
        }
        long now = System.nanoTime();
        BandwidthLimiter budget = connection.owner().allocation().bandwidth();
        long wait = budget == null ? 0 : budget.nanosUntilRepaid(now);
        if (wait > 0) {
            // Other sockets of the allocation read while this one waited: wait for their share too.
            resumeTask = loop().schedule(resume, wait, TimeUnit.NANOSECONDS);
            return;
        }
        endPacing(now);
        updateReading(self);
    }

    /** The allocation's event loop, where this splice runs once started. */
    private EventLoop loop() {
        return connection.owner().allocation().link().eventLoop();
    }

    private void endPacing(long now) {
        if (resumeTask != null) {
            resumeTask.cancel(false);
            resumeTask = null;
        }
        if (paced) {
            paced = false;
            connection.paced(now - pausedAtNanos);
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
        if (ctx.channel().isWritable() && connection.isBound()) {
            connection.splice(!fromClient).backpressureRelieved();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endPacing(System.nanoTime()); // no resume for a closed socket
        connection.closeOnOwner();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // reset by the other end, write failure: channelInactive closes the pair
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        endPacing(System.nanoTime());
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
