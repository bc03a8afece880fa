package io.turnpike.server.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
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

    private final ChannelFactory<? extends DatagramChannel> channels;
    private final RelaySettings settings;
    private final Clock clock;
    private final TrafficCounters counters;

    /** Relay sockets of the given channel type, bound to {@code settings.bindAddress()}. */
    public RelaySockets(ChannelFactory<? extends DatagramChannel> channels, RelaySettings settings, Clock clock,
            TrafficCounters counters) {
        this.channels = channels;
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public ChannelFuture open(Allocation allocation, int port) {
        return new Bootstrap()
                .group(allocation.link().eventLoop())
                .channelFactory(channels)
                .option(ChannelOption.SO_REUSEADDR, false)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BUFFER))
                .handler(new PeerHandler(allocation, clock, counters))
                .bind(new InetSocketAddress(settings.bindAddress(), port));
    }
}
