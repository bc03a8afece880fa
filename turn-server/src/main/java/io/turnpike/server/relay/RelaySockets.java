package io.turnpike.server.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.RelayOpener;
import io.turnpike.server.events.TrafficCounters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * Opens UDP relay sockets on the allocation's own event loop, so the allocation, its relay socket and
 * its client 5-tuple are served by one thread and the relay path needs no locks.
 *
 * <p>With the native epoll transport, Linux socket options Netty does not name are set through
 * Netty's generic {@link IntegerUnixChannelOption} (a plain setsockopt, no JNI of ours):
 * IPV6_V6ONLY on IPv6 relay sockets, so a "::" relay socket does not also take IPv4 datagrams on a
 * port the IPv4 relay of another allocation might use; and IP_MTU_DISCOVER / IPV6_MTU_DISCOVER =
 * PMTUDISC_DO for DONT-FRAGMENT (RFC 8656 §7.2 step 4, §14, §15). NIO cannot set either on Java 17:
 * there DONT-FRAGMENT is refused with 420 ({@link #supportsDontFragment()}).
 */
public final class RelaySockets implements RelayOpener {
    /**
     * Receive buffer per datagram. Netty's datagram default (2048) would cut larger datagrams; 8 KiB
     * holds any un-fragmented packet on jumbo-free paths and anything WebRTC sends, at a modest
     * pooled-buffer cost while a packet is in flight.
     */
    public static final int DATAGRAM_BUFFER = 8192;

    /**
     * The buffer allocator of every server socket: Netty's pooled allocator, whose buffers and slices
     * come from per-thread pools, so the relay's retained payload slices (and Netty's own per-datagram
     * slices with {@code recvmmsg}) create no objects. Netty 4.2's default, the adaptive allocator,
     * creates a slice object per {@code retainedSlice}.
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    /**
     * Datagrams read per {@code recvmmsg} on a relay socket (epoll). A relay socket serves one
     * allocation, so few datagrams wait at a wake-up; a small batch keeps the receive buffer (32 KiB)
     * within the pooled allocator's thread cache.
     */
    public static final int RELAY_READ_BATCH = 4;

    /** setsockopt(IPPROTO_IPV6, IPV6_V6ONLY) (linux/in6.h: level 41, option 26). */
    public static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);
    /** setsockopt(IPPROTO_IP, IP_MTU_DISCOVER) (linux/in.h: level 0, option 10). */
    public static final IntegerUnixChannelOption IP_MTU_DISCOVER = new IntegerUnixChannelOption("IP_MTU_DISCOVER", 0, 10);
    /** setsockopt(IPPROTO_IPV6, IPV6_MTU_DISCOVER) (linux/in6.h: level 41, option 23). */
    public static final IntegerUnixChannelOption IPV6_MTU_DISCOVER =
            new IntegerUnixChannelOption("IPV6_MTU_DISCOVER", 41, 23);
    /** IP_PMTUDISC_DO / IPV6_PMTUDISC_DO: always set DF, never fragment locally (EMSGSIZE instead). */
    public static final int PMTUDISC_DO = 2;

    private final ChannelFactory<? extends DatagramChannel> channels;
    private final RelaySettings settings;
    private final Clock clock;
    private final TrafficCounters counters;
    private final boolean unixOptions;

    /**
     * Relay sockets of the given channel type, bound to the settings' address of each family.
     *
     * @param unixOptions whether the channels are native epoll ones, which take Linux socket options
     */
    public RelaySockets(ChannelFactory<? extends DatagramChannel> channels, RelaySettings settings, Clock clock,
            TrafficCounters counters, boolean unixOptions) {
        this.channels = channels;
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
        this.unixOptions = unixOptions;
    }

    /**
     * Configures {@code bootstrap} (native epoll) to read up to {@code batch} datagrams of at most
     * {@link #DATAGRAM_BUFFER} bytes per {@code recvmmsg}: each datagram arrives as a slice of one
     * pooled buffer of {@code batch} slots. A batch of 1 keeps one datagram per read.
     */
    public static Bootstrap batchReads(Bootstrap bootstrap, int batch) {
        if (batch > 1) {
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_BUFFER)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BUFFER * batch));
        }
        return bootstrap;
    }

    @Override
    public ChannelFuture open(Allocation allocation, boolean ipv6, int port) {
        InetAddress bind = settings.bindAddress(ipv6);
        Bootstrap b = new Bootstrap()
                .group(allocation.link().eventLoop())
                .channelFactory(channels)
                .option(ChannelOption.SO_REUSEADDR, false)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BUFFER))
                .handler(new PeerHandler(allocation, ipv6, clock, counters));
        if (unixOptions) {
            batchReads(b, RELAY_READ_BATCH); // recvmmsg
        }
        if (ipv6 && unixOptions) {
            b.option(IPV6_V6ONLY, 1);
        }
        return b.bind(new InetSocketAddress(bind, port));
    }

    @Override
    public boolean supportsDontFragment() {
        return unixOptions;
    }

    @Override
    public boolean dontFragment(Channel relay, boolean ipv6) {
        if (!unixOptions) {
            return false;
        }
        // Netty's epoll sockets are AF_INET6 even when bound to an IPv4 address; Linux applies the
        // IPv4 option to their IPv4 traffic, so the IPv4 relay takes IP_MTU_DISCOVER either way.
        return relay.config().setOption(ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER, PMTUDISC_DO);
    }

    /**
     * Sets DF on every relay socket of {@code allocation} (a Send indication asked for it, RFC 8656
     * §11.2, without the Allocate having asked); once per allocation. False when the sockets are not
     * native epoll ones (then the indication is discarded).
     */
    static boolean dontFragment(Allocation allocation) {
        boolean set = true;
        for (int family = 0; family < 2; family++) {
            Channel relay = allocation.relay(family == 1);
            if (relay != null) {
                set &= relay instanceof EpollDatagramChannel
                        && relay.config().setOption(family == 1 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER, PMTUDISC_DO);
            }
        }
        allocation.dontFragment(set);
        return set;
    }
}
