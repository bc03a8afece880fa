package io.turnpike.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 5: a cap on concurrent TCP/TLS connections per source address (slowloris). */
class ConnectionLimiterTest {

    @Test
    void capPerSourceWithRelease() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        InetAddress a = InetAddress.getByName("198.51.100.1");
        InetAddress b = InetAddress.getByName("198.51.100.2");
        assertTrue(limiter.tryAcquire(a));
        assertTrue(limiter.tryAcquire(a));
        assertFalse(limiter.tryAcquire(a));
        assertTrue(limiter.tryAcquire(b));
        limiter.release(a);
        assertTrue(limiter.tryAcquire(a));
        assertEquals(2, limiter.count(a));
        limiter.release(a);
        limiter.release(a);
        limiter.release(b);
        assertEquals(0, limiter.sources(), "no entry is kept for sources without connections");
    }

    @Test
    void zeroMeansUnlimited() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(0);
        InetAddress a = InetAddress.getByName("198.51.100.1");
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.tryAcquire(a));
        }
    }

    @Test
    void handlerClosesConnectionsOverTheCapAndReleasesOnClose() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2);
        AtomicInteger refused = new AtomicInteger();
        ConnectionLimitHandler handler = new ConnectionLimitHandler(limiter, refused::incrementAndGet);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Socket> sockets = new ArrayList<>();
        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(5000);
                sockets.add(s);
            }
            assertEquals(-1, sockets.get(2).getInputStream().read(), "the third connection is closed by the server");
            assertEquals(1, refused.get());
            assertEquals(2, limiter.count(loopback));

            sockets.get(0).close();
            waitFor(() -> limiter.count(loopback) == 1);
            Socket again = new Socket("127.0.0.1", port);
            sockets.add(again);
            waitFor(() -> limiter.count(loopback) == 2);
            assertEquals(1, refused.get(), "a freed slot admits a new connection");
            for (Socket s : sockets) {
                s.close();
            }
            // The server sees each client's FIN on its event loop; wait for those closes rather than
            // racing the group's shutdown, which may end before the last channelInactive runs.
            waitFor(() -> limiter.count(loopback) == 0);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), "condition not met within 5 s");
    }
}
