package io.turnpike.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/**
 * Netty plumbing of the generator: native epoll when available (else NIO), the event loops, and one
 * client channel per allocation (a connected UDP socket, or a TCP/TLS connection with a frame decoder).
 * TLS trusts any certificate: load tests run against self-signed test servers.
 *
 * @param epoll true with native epoll
 * @param group the event loops
 * @param datagramChannel datagram channel class of the flavour
 * @param socketChannel stream channel class of the flavour
 */
record Transports(boolean epoll, EventLoopGroup group, Class<? extends DatagramChannel> datagramChannel,
        Class<? extends SocketChannel> socketChannel) {

    /** Event loops of the best available flavour. */
    static Transports create(int threads) {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        return epoll
                ? new Transports(true, group, EpollDatagramChannel.class, EpollSocketChannel.class)
                : new Transports(false, group, NioDatagramChannel.class, NioSocketChannel.class);
    }

    /** A client context that accepts any server certificate. */
    static SslContext insecureClientTls() throws SSLException {
        return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    }

    /**
     * Opens a client channel on {@code loop} to {@code server}; {@code handler} gets every message.
     *
     * @param tls the TLS context, or null for plain UDP/TCP
     * @param udp true for a connected UDP socket, false for a TCP connection
     * @param local local address to bind (port 0), or null
     */
    ChannelFuture open(EventLoop loop, InetSocketAddress server, boolean udp, SslContext tls,
            InetSocketAddress local, SessionHandler handler) {
        Bootstrap b = new Bootstrap().group(loop);
        if (udp) {
            b.channel(datagramChannel()).handler(handler);
        } else {
            b.channel(socketChannel()).option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast(tls.newHandler(ch.alloc(), server.getHostString(),
                                        server.getPort()));
                            }
                            ch.pipeline().addLast(new StreamFrameDecoder(), handler);
                        }
                    });
        }
        return local == null ? b.connect(server) : b.connect(server, local);
    }

    /** Shuts the loops down (bounded wait). */
    void shutdown() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5000);
    }
}
