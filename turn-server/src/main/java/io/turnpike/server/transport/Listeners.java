package io.turnpike.server.transport;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Binds the STUN/TURN listeners: UDP, TCP and TLS on every configured address. With native epoll,
 * UDP gets one SO_REUSEPORT socket per event loop, so the kernel spreads clients over the loops and
 * keeps each client on one (its allocation's). Frame decoding caps frame size on streams.
 */
public final class Listeners {
    /** Pipeline name of the stream frame decoder. */
    static final String FRAMES = "frames";
    /** Pipeline name of the idle timeout. */
    static final String IDLE = "idle";
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Map<EventLoop, LoopContext> loops;
    private final TrafficCounters counters;
    private final Clock clock;
    private final SecuritySettings.Tcp limits;
    private final ConnectionLimitHandler connectionLimit;
    private final List<Channel> channels = Collections.synchronizedList(new ArrayList<>());
    /** The first UDP listener socket of each bound address (RFC 5780 discovery sends from them). */
    private final Map<InetSocketAddress, Channel> udpSockets = new ConcurrentHashMap<>();
    /** The HTTP API's handlers for the shared TLS port; null until the API runs. */
    private volatile Consumer<ChannelPipeline> http;

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
        v6only(b, address);
        Channel first = b.bind(address, port).sync().channel();
        channels.add(first);
        InetSocketAddress bound = (InetSocketAddress) first.localAddress();
        udpSockets.put(bound, first);
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
        return bindAccepting(address, port, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    addTls(ch, tls);
                }
                addStreamHandlers(ch.pipeline(), kind);
            }
        });
    }

    /**
     * Binds the TLS port shared by TURN and the HTTP API (docs/port-443.md): after the handshake, the
     * ALPN choice or else the first bytes pick the TURN stream pipeline or the HTTP one. HTTP
     * connections are closed until {@link #serveHttp} is called.
     *
     * @param tls the current context offering ALPN {@code stun.turn} and {@code http/1.1}
     */
    public InetSocketAddress bindSharedTls(InetAddress address, int port, Supplier<SslContext> tls)
            throws InterruptedException {
        long decideWithin = limits.handshakeTimeout().toMillis();
        return bindAccepting(address, port, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                addTls(ch, tls);
                ch.pipeline().addLast("alpn", new AlpnSwitch(sharedPort, decideWithin));
            }
        });
    }

    /**
     * Binds one UDP socket that answers Binding requests only: the extra address/port combinations of
     * RFC 5780 NAT behaviour discovery. Returns the socket.
     */
    public Channel bindBindingOnlyUdp(InetAddress address, int port) throws InterruptedException {
        Channel ch = new Bootstrap().group(group).channelFactory(transport.datagrams())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                        c.pipeline().addLast(new UdpListener(loops.get(c.eventLoop()), counters, true));
                    }
                }).bind(address, port).sync().channel();
        channels.add(ch);
        return ch;
    }

    /**
     * Binds the DTLS listener (RFC 7350, docs/dtls.md): one UDP socket whose sessions all live on its
     * event loop; {@code dtls} gives the current context for new sessions (certificate reloads apply).
     */
    public InetSocketAddress bindDtls(InetAddress address, DtlsSettings settings, Supplier<SSLContext> dtls)
            throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channelFactory(transport.datagrams())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel c) {
                        c.pipeline().addLast(new DtlsListener(loops.get(c.eventLoop()), counters, clock, settings, dtls));
                    }
                });
        b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RelaySockets.DATAGRAM_BUFFER));
        v6only(b, address);
        Channel ch = b.bind(address, settings.port()).sync().channel();
        channels.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /** The (first) UDP listener socket bound at {@code local}, or null. */
    public Channel udpSocket(InetSocketAddress local) {
        return udpSockets.get(local);
    }

    /** From now on, HTTP connections on the shared TLS port get {@code installer}'s handlers. */
    public void serveHttp(Consumer<ChannelPipeline> installer) {
        this.http = installer;
    }

    private InetSocketAddress bindAccepting(InetAddress address, int port, ChannelInitializer<SocketChannel> init)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channelFactory(transport.servers())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, RelaySockets.ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Per-source cap first: refused before a byte is read or a handshake spent.
                        ch.pipeline().addLast("limit", connectionLimit);
                        ch.pipeline().addLast(init);
                    }
                });
        v6only(b, address);
        Channel ch = b.bind(address, port).sync().channel();
        channels.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /**
     * IPv6 listeners take IPv6 only (IPV6_V6ONLY, as nginx does), so "0.0.0.0" and "::" can both be
     * listed for dual stack without the second bind failing with "Address already in use". NIO cannot
     * set it: there "::" alone is dual-stack wherever the OS makes it so (docs/ipv6.md).
     */
    private void v6only(AbstractBootstrap<?, ?> b, InetAddress address) {
        if (transport.epoll() && address instanceof Inet6Address) {
            b.option(RelaySockets.IPV6_V6ONLY, 1);
        }
    }

    private void addTls(SocketChannel ch, Supplier<SslContext> tls) {
        // Below TLS: one record per relayed message, socket writes still batched per loop round.
        ch.pipeline().addLast("flush", new DeferredFlush(loops.get(ch.eventLoop()).relay().flushes()));
        SslHandler ssl = tls.get().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
        ch.pipeline().addLast("tls", ssl);
    }

    /** The TURN stream handlers, after TLS if any: frame decoder, idle timeout, the connection. */
    private void addStreamHandlers(ChannelPipeline p, Transport kind) {
        p.addLast(FRAMES, new StreamFrameDecoder(limits.maxFrameSize(), counters));
        // After the frame decoder, so only complete frames count as activity: a client
        // trickling a byte at a time (slowloris) cannot keep its connection alive.
        if (!limits.idleTimeout().isZero()) {
            p.addLast(IDLE, new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        p.addLast("turn", new StreamConnection(loops.get(p.channel().eventLoop()), kind, counters, clock));
    }

    /** The shared TLS port's two protocols: TURN over TLS, and HTTP once the API runs. */
    private final SharedPortProtocols sharedPort = new SharedPortProtocols() {
        @Override
        public void turn(ChannelPipeline pipeline) {
            addStreamHandlers(pipeline, Transport.TLS);
        }

        @Override
        public boolean http(ChannelPipeline pipeline) {
            Consumer<ChannelPipeline> installer = http;
            if (installer == null) {
                return false;
            }
            installer.accept(pipeline);
            return true;
        }
    };

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
