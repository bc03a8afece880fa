package io.turnpike.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.turnpike.server.relay.FlushBatch;

/**
 * Sits below the TLS handler and defers socket flushes to the end of the loop round. The relay
 * flushes TLS links once per message, so that each message becomes its own TLS record (clients such
 * as turnutils_uclient read one record per wake-up); this handler keeps those records leaving the
 * socket together, in one write, as they would without TLS. One per connection.
 */
final class DeferredFlush extends ChannelOutboundHandlerAdapter {
    private final FlushBatch batch;

    DeferredFlush(FlushBatch batch) {
        this.batch = batch;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        batch.add(ctx, ctx.channel().eventLoop());
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.flush(); // what TLS wrote last (close_notify, a final answer) leaves before the close
        ctx.close(promise);
    }
}
