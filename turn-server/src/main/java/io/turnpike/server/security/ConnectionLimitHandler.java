package io.turnpike.server.security;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * First handler of an accepted TCP/TLS child channel: counts the connection against its source in
 * a {@link ConnectionLimiter} and closes it before any byte is read (or a TLS handshake is spent on
 * it) when the source is at its cap; releases the count when the channel closes. Sharable.
 */
@ChannelHandler.Sharable
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    /** The counted source address, kept because a closed channel may no longer report it. */
    private static final AttributeKey<InetAddress> COUNTED =
            AttributeKey.valueOf(ConnectionLimitHandler.class, "counted");

    private final ConnectionLimiter limiter;
    private final Runnable onRefused;

    /**
     * @param limiter   the shared limiter
     * @param onRefused called (on the channel's loop) for each refused connection, e.g. a metric
     */
    public ConnectionLimitHandler(ConnectionLimiter limiter, Runnable onRefused) {
        this.limiter = limiter;
        this.onRefused = onRefused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (remote == null || !limiter.tryAcquire(remote.getAddress())) {
            onRefused.run();
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(remote.getAddress());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress counted = ctx.channel().attr(COUNTED).getAndSet(null);
        if (counted != null) {
            limiter.release(counted);
        }
        super.channelInactive(ctx);
    }
}
