package io.turnpike.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.turnpike.server.allocation.AllocationInfoFilter;
import io.turnpike.server.allocation.LoopAllocations;
import io.turnpike.server.allocation.PeerPolicy;
import io.turnpike.server.allocation.RequestDispatcher;
import io.turnpike.server.allocation.NatDiscovery;
import io.turnpike.server.allocation.TryAlternate;
import io.turnpike.server.allocation.TurnContext;
import io.turnpike.server.auth.Authenticator;
import io.turnpike.server.auth.CredentialStore;
import io.turnpike.server.auth.NonceService;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.relay.ClientRelay;
import io.turnpike.server.relay.RelayPorts;
import io.turnpike.server.relay.HostAddresses;
import io.turnpike.server.relay.RelaySettings;
import io.turnpike.server.relay.RelaySockets;
import io.turnpike.server.relay.Reservations;
import io.turnpike.server.relay.tcp.TcpRelay;
import io.turnpike.server.security.AllocationQuota;
import io.turnpike.server.security.SourceRateLimiter;
import io.turnpike.server.transport.Listeners;
import io.turnpike.server.transport.LoopContext;
import io.turnpike.server.transport.NettyTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running TURN server: event loops, listeners, per-loop allocation tables and sweeps. Startable
 * in-process (tests bind port 0 and pass a controllable clock); {@link #close()} stops accepting,
 * closes every allocation and shuts the loops down within a few seconds.
 */
public final class TurnpikeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnpikeServer.class);
    private static final long SWEEP_PERIOD_MILLIS = 1000;

    /**
     * What the server is given rather than builds, so the embedding code (Main, tests, other
     * areas) can supply its own.
     *
     * @param clock the one clock for lifetimes, nonces and REST expiry
     * @param events lifecycle listener (metrics, usage, logs)
     * @param counters relay traffic counters
     * @param credentials long-term credential lookup
     * @param peers peer policy (403 for refused peers)
     * @param tls the current TLS context, or null to run without the TLS listener
     * @param eventLoops number of event loops, 0 for one per CPU
     */
    public record Services(Clock clock, TurnEvents events, TrafficCounters counters, CredentialStore credentials,
            PeerPolicy peers, Supplier<SslContext> tls, int eventLoops) {
    }

    private final ServerSettings settings;
    private final Services services;
    private final EventLoopGroup group;
    private final NettyTransport transport;
    private final Map<EventLoop, LoopContext> loops;
    private final Listeners listeners;
    private final RelayPorts ports;
    private final Reservations reservations;
    private final Map<Transport, List<InetSocketAddress>> bound = new EnumMap<>(Transport.class);
    private final List<InetSocketAddress> sharedTls = new ArrayList<>();
    private final TryAlternate alternates;
    private final NatDiscovery discovery;
    private boolean closed;

    private TurnpikeServer(ServerSettings settings, Services services, NettyTransport transport) {
        this.settings = settings;
        this.services = services;
        int threads = services.eventLoops() > 0 ? services.eventLoops() : Runtime.getRuntime().availableProcessors();
        this.group = transport.newGroup(threads, "turnpike");
        this.transport = transport;
        this.ports = new RelayPorts(settings.relay().minPort(), settings.relay().maxPort());
        this.reservations = new Reservations(ports);
        AllocationQuota quota = new AllocationQuota(settings.security().maxAllocationsPerUser(),
                settings.security().maxAllocations());
        this.alternates = new TryAlternate(settings.alternates(), settings.relay().publicAddress());
        this.discovery = new NatDiscovery(settings.natDiscovery());
        NonceService nonces = new NonceService(new SecureRandom(), settings.auth().nonceLifetimeMillis());
        Authenticator auth = new Authenticator(settings.realm(), nonces, services.credentials(), services.clock(),
                settings.auth().features());
        RelaySettings relay = usableRelays(settings.relay());
        TurnContext turn = new TurnContext(settings.software(), auth, settings.allocation(), relay, ports,
                new RelaySockets(transport.datagrams(), relay, services.clock(), services.counters(), transport.epoll()),
                services.peers(), services.events(), services.counters(), services.clock(), new AtomicLong(), quota,
                settings.security().maxBandwidthPerAllocation(), reservations, hostAddress(settings),
                relay.supports(true) ? HostAddresses.primaryIpv6() : null, alternates, discovery,
                TcpRelay.create(relay.tcp(), transport.epoll(), relay.bindAddress(), services.clock(),
                        services.counters()));
        RequestDispatcher dispatcher = new RequestDispatcher(turn);
        Map<EventLoop, LoopContext> map = new IdentityHashMap<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            LoopContext context = new LoopContext(new LoopAllocations(ports, services.events(), quota), dispatcher,
                    new ClientRelay(services.clock(), services.counters(), services.peers()),
                    new SourceRateLimiter(settings.security().rateLimit(), settings.security().authFailureBackoff()));
            map.put(loop, context);
            loop.scheduleAtFixedRate(new Sweep(context.allocations(), reservations, services.clock()), SWEEP_PERIOD_MILLIS,
                    SWEEP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
        this.loops = map;
        this.listeners = new Listeners(transport, group, loops, services.counters(), services.clock(),
                settings.security().tcp());
    }

    /** The relay settings, with IPv6 relays off when the host cannot bind their address (logged). */
    private static RelaySettings usableRelays(RelaySettings relay) {
        if (relay.supports(true) && !HostAddresses.canBind(relay.bindAddress6())) {
            LOG.warn("cannot bind IPv6 relay address {} (no IPv6 on this host?): IPv6 relays are off, IPv6"
                    + " allocations get 440 (set turnpike.relay.bind-address-v6 = \"\" to silence this)",
                    relay.bindAddress6().getHostAddress());
            return relay.withoutIpv6();
        }
        return relay;
    }

    /** The address advertised for a wildcard-bound relay when the client's view is unknown (logged). */
    private static InetAddress hostAddress(ServerSettings settings) {
        InetAddress host = HostAddresses.primaryIpv4();
        InetAddress bind = settings.relay().bindAddress();
        if (settings.relay().publicAddress() == null && bind != null && bind.isAnyLocalAddress()) {
            LOG.info("relay.public-address not set: advertising {} to clients that reach a wildcard listener"
                    + " over UDP (set turnpike.relay.public-address behind NAT)", host.getHostAddress());
        }
        return host;
    }

    /** The one sweep task of a loop (reservations are shared; whichever loop sees one expire frees it). */
    private record Sweep(LoopAllocations allocations, Reservations reservations, Clock clock) implements Runnable {
        @Override
        public void run() {
            long now = clock.millis();
            allocations.sweep(now);
            reservations.sweep(now);
        }
    }

    /**
     * Starts a server: event loops, then the enabled listeners on every listen address.
     *
     * @throws Exception when a listener cannot bind (the partly started server is closed)
     */
    public static TurnpikeServer start(ServerSettings settings, Services services) throws Exception {
        return start(settings, services, NettyTransport.detect());
    }

    /** Starts a server on the given Netty flavour (tests run the NIO fallback with it). */
    public static TurnpikeServer start(ServerSettings settings, Services services, NettyTransport transport)
            throws Exception {
        TurnpikeServer server = new TurnpikeServer(settings, services, transport);
        try {
            server.bindAll();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bindAll() throws InterruptedException {
        var listen = settings.listen();
        int loopCount = loops.size();
        for (InetAddress address : listen.addresses()) {
            if (listen.udp()) {
                add(Transport.UDP, listeners.bindUdp(address, listen.udpPort(), loopCount));
            }
            if (listen.tcp()) {
                add(Transport.TCP, listeners.bindStream(address, listen.tcpPort(), null));
            }
            if (listen.tls() && services.tls() != null) {
                add(Transport.TLS, listeners.bindStream(address, listen.tlsPort(), services.tls()));
            }
        }
        if (settings.natDiscovery().enabled()) {
            bindNatDiscovery();
        }
        LOG.info("listening: {}", bound);
    }

    /** RFC 5780 §6: sockets on A1:P2, A2:P1 and A2:P2 beside the UDP listener on A1:P1. */
    private void bindNatDiscovery() throws InterruptedException {
        InetAddress a1 = settings.natDiscovery().address();
        InetAddress a2 = settings.natDiscovery().alternateAddress();
        int p2 = settings.natDiscovery().alternatePort();
        InetSocketAddress primary = null;
        for (InetSocketAddress a : addresses(Transport.UDP)) {
            if (a.getAddress().equals(a1)) {
                primary = a;
            }
        }
        int p1 = primary.getPort();
        Map<InetSocketAddress, Channel> sockets = new HashMap<>();
        sockets.put(primary, listeners.udpSocket(primary));
        sockets.put(new InetSocketAddress(a1, p2), listeners.bindBindingOnlyUdp(a1, p2));
        sockets.put(new InetSocketAddress(a2, p1), listeners.bindBindingOnlyUdp(a2, p1));
        sockets.put(new InetSocketAddress(a2, p2), listeners.bindBindingOnlyUdp(a2, p2));
        discovery.start(p1, sockets);
        LOG.info("NAT behaviour discovery (RFC 5780) on {}", sockets.keySet());
    }

    private void add(Transport transport, InetSocketAddress address) {
        bound.computeIfAbsent(transport, t -> new ArrayList<>()).add(address);
    }

    /** The addresses bound for {@code transport} (empty when that listener is off). */
    public List<InetSocketAddress> addresses(Transport transport) {
        return List.copyOf(bound.getOrDefault(transport, List.of()));
    }

    /** The first bound address for {@code transport}, or null. */
    public InetSocketAddress address(Transport transport) {
        List<InetSocketAddress> list = bound.get(transport);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /**
     * Binds the TLS port shared by TURN and the HTTP API ({@code turnpike.listen.shared-tls-port}) on
     * every listen address; HTTP is served there once {@link #serveHttpOnSharedPort} is called.
     *
     * @param alpnTls the current TLS context offering ALPN {@code stun.turn} and {@code http/1.1}
     */
    public void bindSharedTls(Supplier<SslContext> alpnTls) throws InterruptedException {
        for (InetAddress address : settings.listen().addresses()) {
            sharedTls.add(listeners.bindSharedTls(address, settings.listen().sharedTlsPort(), alpnTls));
        }
        LOG.info("TLS port shared by TURN and HTTPS: {}", sharedTls);
    }

    /** The first bound address of the shared TLS port, or null when it is off. */
    public InetSocketAddress sharedTlsAddress() {
        return sharedTls.isEmpty() ? null : sharedTls.get(0);
    }

    /** HTTP connections on the shared TLS port get {@code installer}'s handlers (the HTTP API's). */
    public void serveHttpOnSharedPort(Consumer<ChannelPipeline> installer) {
        listeners.serveHttp(installer);
    }

    /**
     * Redirection to alternate servers; {@code alternates().drain(true)} makes every new Allocate go
     * elsewhere (300 Try Alternate, or 508 without an alternate) while live allocations stay.
     */
    public TryAlternate alternates() {
        return alternates;
    }

    /** The settings the server runs with. */
    public ServerSettings settings() {
        return settings;
    }

    /** The relay port pool (for metrics: in use and free). */
    public RelayPorts relayPorts() {
        return ports;
    }

    /** The event loops; the HTTP API listens on them too. */
    public EventLoopGroup eventLoops() {
        return group;
    }

    /** Server-socket channels of the I/O flavour of {@link #eventLoops()} (epoll or NIO). */
    public ChannelFactory<? extends ServerChannel> serverChannels() {
        return transport.servers();
    }

    /** Runs the sweep on every loop now and waits for it (tests that move the clock use this). */
    public void sweepNow() throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<EventLoop, LoopContext> e : loops.entrySet()) {
            done.add(e.getKey().submit(new Sweep(e.getValue().allocations(), reservations, services.clock())));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    /** Number of live allocations on all loops (asks each loop; for tests and health checks). */
    public int allocationCount() throws Exception {
        int total = 0;
        for (Map.Entry<EventLoop, LoopContext> e : loops.entrySet()) {
            LoopAllocations a = e.getValue().allocations();
            total += e.getKey().submit(a::size).get(5, TimeUnit.SECONDS);
        }
        return total;
    }

    /**
     * Closes, on their own loops, the allocations {@code filter} selects, with {@code reason}; used
     * e.g. when a credential is revoked. Returns without waiting.
     */
    public void closeAllocations(AllocationInfoFilter filter, CloseReason reason) {
        for (Map.Entry<EventLoop, LoopContext> e : loops.entrySet()) {
            LoopAllocations a = e.getValue().allocations();
            e.getKey().execute(() -> a.closeMatching(filter, reason, services.clock().millis()));
        }
    }

    /** Stops accepting, closes every allocation (SHUTDOWN), and shuts the event loops down. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.close();
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<EventLoop, LoopContext> e : loops.entrySet()) {
            LoopAllocations a = e.getValue().allocations();
            if (!e.getKey().isShuttingDown()) {
                done.add(e.getKey().submit(() -> a.closeAll(CloseReason.SHUTDOWN, services.clock().millis())));
            }
        }
        for (Future<?> f : done) {
            f.awaitUninterruptibly(2000);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        LOG.info("stopped");
    }
}
