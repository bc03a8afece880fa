package io.turnpike.server.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.RelayOpener;
import io.turnpike.server.events.TrafficCounters;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * Opens UDP relay sockets on the allocation's own event loop, so the allocation, its relay socket and
 * its client 5-tuple are served by one thread and the relay path needs no locks.
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

    private final ChannelFactory<? extends DatagramChannel> channels;
    private final RelaySettings settings;
    private final Clock clock;
    private final TrafficCounters counters;
    private final int readBatch;

    /** Relay sockets of the given channel type, bound to {@code settings.bindAddress()}, one datagram per read. */
    public RelaySockets(ChannelFactory<? extends DatagramChannel> channels, RelaySettings settings, Clock clock,
            TrafficCounters counters) {
        this(channels, settings, clock, counters, 1);
    }

    /**
     * Relay sockets reading up to {@code readBatch} datagrams per system call ({@code recvmmsg}); a
     * batch above 1 needs native epoll channels.
     */
    public RelaySockets(ChannelFactory<? extends DatagramChannel> channels, RelaySettings settings, Clock clock,
            TrafficCounters counters, int readBatch) {
        this.channels = channels;
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
        this.readBatch = readBatch;
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
    public ChannelFuture open(Allocation allocation, int port) {
        Bootstrap b = new Bootstrap()
                .group(allocation.link().eventLoop())
                .channelFactory(channels)
                .option(ChannelOption.SO_REUSEADDR, false)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BUFFER))
                .handler(new PeerHandler(allocation, clock, counters));
        return batchReads(b, readBatch).bind(new InetSocketAddress(settings.bindAddress(), port));
    }
}
