package io.turnpike.server.relay.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.events.TrafficCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TCP relay (RFC 6062): relayed listening sockets, outgoing peer connections, and the
 * server-wide table of peer data connections waiting for their ConnectionBind. Shared by all event
 * loops; everything per allocation lives in its {@link TcpAllocation} on the allocation's loop.
 *
 * <p>A client data connection arrives on whichever loop accepted it; after its ConnectionBind it is
 * moved (deregistered and registered again) onto the allocation's loop, so the two sockets of a
 * connection, the allocation and its counters are served by one thread and splicing needs no locks
 * and no cross-thread tasks.
 */
public final class TcpRelay {
    private static final AttributeKey<TcpAllocation> STATE = AttributeKey.valueOf(TcpRelay.class, "allocation");
    private static final int BACKLOG = 16;

    private final TcpRelaySettings settings;
    private final ChannelFactory<? extends ServerChannel> servers;
    private final ChannelFactory<? extends Channel> sockets;
    private final ChannelOption<Boolean> reusePort;
    /** Whether Connect binds the relay port (SO_REUSEPORT on client sockets is available). */
    private final boolean fromRelayPort;
    private final InetAddress bindAddress;
    private final Clock clock;
    private final TrafficCounters counters;
    private final WriteBufferWaterMark waterMark;
    /** Peer data connections waiting for a ConnectionBind, by CONNECTION-ID (any loop reads it). */
    private final ConcurrentHashMap<Long, PeerConnection> unbound = new ConcurrentHashMap<>();

    private TcpRelay(TcpRelaySettings settings, ChannelFactory<? extends ServerChannel> servers,
            ChannelFactory<? extends Channel> sockets, ChannelOption<Boolean> reusePort, boolean fromRelayPort,
            InetAddress bindAddress, Clock clock, TrafficCounters counters) {
        this.fromRelayPort = fromRelayPort;
        this.settings = settings;
        this.servers = servers;
        this.sockets = sockets;
        this.reusePort = reusePort;
        this.bindAddress = bindAddress;
        this.clock = clock;
        this.counters = counters;
        this.waterMark = new WriteBufferWaterMark(settings.bufferBytes() / 2, settings.bufferBytes());
    }

    /**
     * A TCP relay of the I/O flavour of the event loops (native epoll or NIO), binding relayed
     * sockets to {@code bindAddress}.
     */
    public static TcpRelay create(TcpRelaySettings settings, boolean epoll, InetAddress bindAddress, Clock clock,
            TrafficCounters counters) {
        if (epoll) {
            ReusePortSockets sockets = ReusePortSockets.create();
            return new TcpRelay(settings, EpollServerSocketChannel::new,
                    sockets != null ? sockets : EpollSocketChannel::new, EpollChannelOption.SO_REUSEPORT,
                    sockets != null, bindAddress, clock, counters);
        }
        return new TcpRelay(settings, NioServerSocketChannel::new, NioSocketChannel::new,
                NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true, bindAddress, clock, counters);
    }

    /** Whether TCP allocations are served. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** The settings. */
    public TcpRelaySettings settings() {
        return settings;
    }

    /** The TCP state of {@code allocation}, or null for a UDP allocation (or one still binding). */
    public static TcpAllocation of(Allocation allocation) {
        Channel relay = allocation.relay();
        return relay == null || !relay.hasAttr(STATE) ? null : relay.attr(STATE).get();
    }

    /**
     * Binds the relayed transport address of a TCP allocation (RFC 6062 §5.1 step 4) on the
     * allocation's event loop: a listening socket whose accepted peer connections stay on that loop.
     * Closing the socket (the allocation ends) closes every connection of the allocation.
     */
    public ChannelFuture listen(Allocation allocation, int port) {
        TcpAllocation state = new TcpAllocation(this, allocation);
        EventLoop loop = allocation.link().eventLoop();
        ChannelFuture bound = new ServerBootstrap().group(loop, loop).channelFactory(servers)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(reusePort, true) // lets Connect use the relayed address as its source (§5.2)
                .attr(STATE, state)
                .childOption(ChannelOption.AUTO_READ, false) // nothing is read before ConnectionBind
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childHandler(state.acceptor())
                .bind(new InetSocketAddress(bindAddress, port));
        bound.channel().closeFuture().addListener((ChannelFutureListener) f -> state.closeAll());
        return bound;
    }

    /**
     * Opens the peer data connection of a Connect (RFC 6062 §5.2) from the relayed transport address
     * of {@code connection}'s allocation, on the allocation's loop, with the configured timeout.
     */
    ChannelFuture connect(PeerConnection connection) {
        Allocation allocation = connection.owner().allocation();
        Bootstrap b = new Bootstrap().group(allocation.link().eventLoop()).channelFactory(sockets)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeoutMillis()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .handler(connection.peerSide());
        if (reusePort instanceof NioChannelOption) {
            b.option(reusePort, true); // NIO sets any socket option; epoll's is set by ReusePortSockets
        }
        return b.connect(connection.peer(),
                new InetSocketAddress(bindAddress, fromRelayPort ? allocation.relayPort() : 0));
    }

    /** Gives {@code connection} a fresh, unpredictable CONNECTION-ID and lists it as waiting for a bind. */
    long register(PeerConnection connection) {
        while (true) {
            long id = ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL;
            if (id != 0 && unbound.putIfAbsent(id, connection) == null) {
                return id;
            }
        }
    }

    /** Removes {@code connection} from the waiting list; true when this call removed it. */
    boolean forget(long id, PeerConnection connection) {
        return unbound.remove(id, connection);
    }

    /**
     * Claims the waiting peer data connection {@code id} for a ConnectionBind by {@code username}
     * (RFC 6062 §5.4; the same credentials as the control connection, §4.3), on any loop. Null when
     * there is none, it belongs to another user, or another bind or its timeout took it first.
     */
    public PeerConnection claim(long id, String username) {
        PeerConnection c = unbound.get(id);
        if (c == null || !c.owner().allocation().username().equals(username)) {
            return null;
        }
        return unbound.remove(id, c) ? c : null;
    }

    Clock clock() {
        return clock;
    }

    TrafficCounters counters() {
        return counters;
    }
}
