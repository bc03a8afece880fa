package io.turnpike.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.Demux;
import io.turnpike.protocol.IndicationReader;
import io.turnpike.protocol.MessageType;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMethod;

/**
 * The last handler of a client channel: sorts what the server sends (RFC 7983 first-byte demux)
 * into echoed payloads (ChannelData, or Data indications read in place) for the {@link LoopWorker},
 * and STUN responses for the {@link TurnSession}. Releases every message it is given.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final int DATA_INDICATION = MessageType.of(StunMethod.DATA.code(), StunClass.INDICATION);

    private final LoopWorker worker;
    private final boolean tls;
    private TurnSession session;

    SessionHandler(LoopWorker worker, boolean tls) {
        this.worker = worker;
        this.tls = tls;
    }

    /** Attaches the session (before the channel connects). */
    void session(TurnSession s) {
        this.session = s;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session.attach(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!tls) {
            session.start();
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                session.start();
            } else {
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf buf = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
            dispatch(buf);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(ByteBuf buf) {
        if (buf.readableBytes() < ChannelData.HEADER_LENGTH) {
            return;
        }
        int first = buf.getUnsignedByte(buf.readerIndex());
        if (Demux.isChannelData(first)) {
            if (ChannelData.isValid(buf)) {
                worker.onPayload(session.flow(), buf, ChannelData.payloadIndex(buf), ChannelData.length(buf));
            }
        } else if (Demux.isStun(first)) {
            if (buf.getUnsignedShort(buf.readerIndex()) == DATA_INDICATION) {
                IndicationReader reader = worker.reader();
                if (reader.wrap(buf, StunMethod.DATA) == IndicationReader.Status.OK) {
                    worker.onPayload(session.flow(), buf, reader.dataIndex(), reader.dataLength());
                }
            } else {
                session.onStun(buf);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like surface here on UDP; the counters show the loss.
        if (!(ctx.channel() instanceof io.netty.channel.socket.DatagramChannel)) {
            ctx.close();
        }
    }
}
