package io.turnpike.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.turnpike.server.relay.RelaySockets;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.security.ConnectionLimitHandler;
import io.turnpike.server.security.ConnectionLimiter;
import io.turnpike.server.security.SecuritySettings;
import java.util.concurrent.TimeUnit;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TrafficCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Binds the STUN/TURN listeners: UDP, TCP and TLS on every configured address. With native epoll,
 * UDP gets one SO_REUSEPORT socket per event loop, so the kernel spreads clients over the loops and
 * keeps each client on one (its allocation's). Frame decoding caps frame size on streams.
 */
public final class Listeners {
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Map<EventLoop, LoopContext> loops;
    private final TrafficCounters counters;
    private final Clock clock;
    private final SecuritySettings.Tcp limits;
    private final ConnectionLimitHandler connectionLimit;
    private final List<Channel> channels = Collections.synchronizedList(new ArrayList<>());

    /**
     * Datagrams read per {@code recvmmsg} on a UDP listener (epoll). Every client of the loop sends to
     * this one socket, so under load many datagrams wait at each wake-up; 16 slots of
     * {@link RelaySockets#DATAGRAM_BUFFER} make a 128 KiB pooled receive buffer.
     */
    static final int LISTENER_READ_BATCH = 16;

    /** Listeners on {@code group}, whose loops' contexts are {@code loops}. */
    public Listeners(NettyTransport transport, EventLoopGroup group, Map<EventLoop, LoopContext> loops,
            TrafficCounters counters, Clock clock, SecuritySettings.Tcp limits) {
        this.limits = limits;
        this.connectionLimit = new ConnectionLimitHandler(new ConnectionLimiter(limits.maxConnectionsPerSource()),
                () -> counters.dropped(DropReason.RATE_LIMITED));
        this.transport = transport;
        this.group = group;
        this.loops = loops;
        this.counters = counters;
        this.clock = clock;
    }

    /** Binds UDP on {@code address}:{@code port}; returns the bound address (port 0 = ephemeral). */
    public InetSocketAddress bindUdp(InetAddress address, int port, int sockets) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channelFactory(transport.datagrams())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new UdpListener(loops.get(ch.eventLoop()), counters));
                    }
                });
        b.option(ChannelOption.ALLOCATOR, RelaySockets.ALLOCATOR)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RelaySockets.DATAGRAM_BUFFER))
                .option(ChannelOption.SO_RCVBUF, 4 << 20) // the kernel caps it at net.core.rmem_max
                .option(ChannelOption.SO_SNDBUF, 4 << 20);
        int n = transport.epoll() ? Math.max(1, sockets) : 1;
        if (transport.epoll()) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
            // recvmmsg: up to LISTENER_READ_BATCH datagrams per system call, each a slice of one buffer.
            RelaySockets.batchReads(b, LISTENER_READ_BATCH);
        }
        Channel first = b.bind(address, port).sync().channel();
        channels.add(first);
        InetSocketAddress bound = (InetSocketAddress) first.localAddress();
        for (int i = 1; i < n; i++) {
            channels.add(b.bind(address, bound.getPort()).sync().channel());
        }
        return bound;
    }

    /**
     * Binds a TCP listener, or a TLS one when {@code tls} is not null (a fresh SslHandler per
     * connection from the current context, so certificate reloads apply to new connections).
     */
    public InetSocketAddress bindStream(InetAddress address, int port, Supplier<SslContext> tls)
            throws InterruptedException {
        Transport kind = tls == null ? Transport.TCP : Transport.TLS;
        ServerBootstrap b = new ServerBootstrap().group(group).channelFactory(transport.servers())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, RelaySockets.ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Per-source cap first: refused before a byte is read or a handshake spent.
                        ch.pipeline().addLast("limit", connectionLimit);
                        if (tls != null) {
                            // Below TLS: one record per relayed message, socket writes still batched.
                            ch.pipeline().addLast("flush", new DeferredFlush(loops.get(ch.eventLoop()).relay()
                                    .flushes()));
                            SslHandler ssl = tls.get().newHandler(ch.alloc());
                            ssl.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
                            ch.pipeline().addLast("tls", ssl);
                        }
                        ch.pipeline().addLast("frames", new StreamFrameDecoder(limits.maxFrameSize(), counters));
                        // After the frame decoder, so only complete frames count as activity: a client
                        // trickling a byte at a time (slowloris) cannot keep its connection alive.
                        if (!limits.idleTimeout().isZero()) {
                            ch.pipeline().addLast("idle", new ReadTimeoutHandler(limits.idleTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast("turn", new StreamConnection(loops.get(ch.eventLoop()), kind, counters,
                                clock));
                    }
                });
        Channel ch = b.bind(address, port).sync().channel();
        channels.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /** Closes every listener socket (stop accepting); established TCP/TLS connections stay. */
    public void close() {
        List<Channel> copy;
        synchronized (channels) {
            copy = new ArrayList<>(channels);
            channels.clear();
        }
        for (Channel c : copy) {
            c.close().awaitUninterruptibly(2000);
        }
    }
}
