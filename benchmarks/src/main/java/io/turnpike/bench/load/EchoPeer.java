package io.turnpike.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The built-in UDP echo peer: sends every datagram back to its sender, i.e. back through the relay
 * that forwarded it. Reads and writes are batched (recvmmsg/sendmmsg with epoll; one flush per read
 * burst) so that the peer costs the generator as little as possible.
 */
final class EchoPeer implements AutoCloseable {
    /** Datagrams received per recvmmsg call. */
    private static final int BATCH = 32;
    /** Larger payloads are read one datagram per call (the batch buffer would get too big). */
    private static final int MAX_BATCHED_DATAGRAM = 4096;
    private static final int SOCKET_BUFFER = 4 << 20;

    private final Channel channel;

    private EchoPeer(Channel channel) {
        this.channel = channel;
    }

    /** Binds the peer on {@code loop} at {@code bind}; {@code maxDatagram} bounds what it must receive. */
    static EchoPeer bind(EventLoop loop, Transports transports, InetSocketAddress bind, int maxDatagram)
            throws InterruptedException {
        Bootstrap b = new Bootstrap().group(loop).channel(transports.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER).option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(new Echo());
        if (transports.epoll() && maxDatagram <= MAX_BATCHED_DATAGRAM) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_BATCHED_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_BATCHED_DATAGRAM * BATCH));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(Math.max(2048, maxDatagram)));
        }
        Channel ch = b.bind(bind).sync().channel();
        return new EchoPeer(ch);
    }

    /** The bound address. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2000);
    }

    /** Writes each datagram back to its sender; flushes once per read burst. */
    @ChannelHandler.Sharable
    private static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        Echo() {
            super(false); // the content travels on in the reply
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A relay that went away answers with ICMP; nothing to do for an echo peer.
        }
    }
}
