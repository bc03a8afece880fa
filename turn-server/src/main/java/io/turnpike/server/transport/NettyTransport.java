package io.turnpike.server.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty I/O flavour: native epoll on Linux, NIO elsewhere (the fallback is logged once, when
 * the server starts). Event loops, datagram and server-socket channels must all come from one flavour.
 *
 * @param epoll whether native epoll is used
 * @param ioHandlers event loop I/O handler factory
 * @param datagrams datagram channel factory (listeners and relay sockets)
 * @param servers server socket channel factory (TCP and TLS listeners)
 */
public record NettyTransport(boolean epoll, IoHandlerFactory ioHandlers, ChannelFactory<? extends DatagramChannel> datagrams,
        ChannelFactory<? extends ServerSocketChannel> servers) {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);

    /** Native epoll when available, else NIO (logged). */
    public static NettyTransport detect() {
        if (Epoll.isAvailable()) {
            return new NettyTransport(true, EpollIoHandler.newFactory(), EpollDatagramChannel::new,
                    EpollServerSocketChannel::new);
        }
        LOG.info("native epoll transport unavailable ({}); using NIO", Epoll.unavailabilityCause().toString());
        return nio();
    }

    /** The portable NIO flavour. */
    public static NettyTransport nio() {
        return new NettyTransport(false, NioIoHandler.newFactory(), NioDatagramChannel::new,
                NioServerSocketChannel::new);
    }

    /** A new event loop group of {@code threads} loops named {@code name}-N. */
    public EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers);
    }
}
