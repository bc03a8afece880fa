package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.tls.DtlsContexts;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The DTLS listener socket's handler (RFC 7350): one socket, one {@link DtlsSession} per client
 * address, all on this socket's event loop. A datagram from an unknown address creates a session only
 * when it is a ClientHello carrying a valid cookie; a ClientHello without one gets the engine's
 * HelloVerifyRequest and leaves nothing behind, so spoofed sources cost a reply of ClientHello size
 * at most (RFC 6347 §4.2.1). Sessions are capped; handshakes and idle sessions time out.
 */
final class DtlsListener extends ChannelInboundHandlerAdapter {
    private static final long SWEEP_MILLIS = 500;

    private final LoopContext loop;
    private final TrafficCounters counters;
    private final Clock clock;
    private final DtlsSettings settings;
    private final Supplier<SSLContext> contexts;
    private final Map<InetSocketAddress, DtlsSession> sessions = new HashMap<>();
    private ScheduledFuture<?> sweep;

    DtlsListener(LoopContext loop, TrafficCounters counters, Clock clock, DtlsSettings settings,
            Supplier<SSLContext> contexts) {
        this.loop = loop;
        this.counters = counters;
        this.clock = clock;
        this.settings = settings;
        this.contexts = contexts;
    }

    /** Sessions kept (handshaking or established); only on the event loop (tests: after a sync task). */
    int sessions() {
        return sessions.size();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sweep = ctx.executor().scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        List<DtlsSession> all = new ArrayList<>(sessions.values());
        sessions.clear();
        for (DtlsSession s : all) {
            end(s, CloseReason.SHUTDOWN);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            ByteBuf content = packet.content();
            InetSocketAddress sender = packet.sender();
            long now = System.nanoTime();
            DtlsSession session = sessions.get(sender);
            if (session == null) {
                if (!ClientHellos.isClientHello(content)) {
                    counters.dropped(DropReason.MALFORMED);
                    return;
                }
                if (ClientHellos.olderThanDtls12(content)) {
                    // DTLS 1.0 is refused (RFC 7350 §4 allows it; we keep to 1.2): fail fast, statelessly.
                    ctx.writeAndFlush(new DatagramPacket(ClientHellos.protocolVersionAlert(content, ctx.alloc()), sender),
                            ctx.voidPromise());
                    counters.dropped(DropReason.MALFORMED);
                    return;
                }
                if (sessions.size() >= settings.maxSessions()) {
                    counters.dropped(DropReason.RATE_LIMITED);
                    return;
                }
                session = open(ctx, sender, content, now);
                if (session != null) {
                    sessions.put(sender, session);
                }
                return;
            }
            if (!session.receive(content, now)) {
                sessions.remove(sender);
                end(session, CloseReason.CONNECTION_CLOSED);
            }
        } finally {
            packet.release();
        }
    }

    /**
     * A fresh engine for a ClientHello from an unknown address; the session when the hello carried a
     * valid cookie, else null (the HelloVerifyRequest is sent, nothing is kept).
     */
    private DtlsSession open(ChannelHandlerContext ctx, InetSocketAddress sender, ByteBuf hello, long now) {
        DtlsSession session = new DtlsSession(ctx.channel(), sender, DtlsContexts.serverEngine(contexts.get()), this, now);
        ByteBuf first = ClientHellos.withoutCookie(hello, ctx.alloc());
        if (first != null) {
            try {
                session.replayFirstHello(first, now); // see ClientHellos: puts the engine at message_seq 1
            } finally {
                first.release();
            }
        }
        return session.receive(hello, now) ? session : null;
    }

    /** A decrypted datagram from {@code session}: the same processing as plain UDP. */
    void deliver(DtlsSession session, ByteBuf plain) {
        ClientMessages.handle(loop, session, plain, counters);
    }

    private void sweep() {
        long now = System.nanoTime();
        long handshake = settings.handshakeTimeout().toNanos();
        long idle = settings.idleTimeout().toNanos();
        Iterator<DtlsSession> it = sessions.values().iterator();
        while (it.hasNext()) {
            DtlsSession s = it.next();
            if (s.expired(now, handshake, idle)) {
                it.remove();
                end(s, CloseReason.CONNECTION_CLOSED);
            }
        }
    }

    /** Closes the session and, as for a TCP connection, its allocation (RFC 7350 §4). */
    private void end(DtlsSession s, CloseReason reason) {
        Allocation a = s.allocation();
        if (a != null) {
            loop.allocations().close(a, reason, clock.millis());
        }
        s.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A late ICMP error or similar must not close the listener.
    }
}
