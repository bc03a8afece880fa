package io.turnpike.server.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A Netty echo server on 127.0.0.1 (ephemeral port) whose pipeline takes
 * {@link ServerTls#sslContext()} per accepted connection, exactly as the TLS listener does, plus a
 * JDK client for it.
 */
final class TlsTestServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    TlsTestServer(ServerTls tls) throws InterruptedException {
        this(tls, java.time.Duration.ofSeconds(10));
    }

    TlsTestServer(ServerTls tls, java.time.Duration handshakeTimeout) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), handshakeTimeout), new Echo());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Connects, handshakes with only the given protocols enabled, trusting any certificate. */
    SSLSocket connect(String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), new SecureRandom());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port());
        socket.setSoTimeout(5000);
        socket.setEnabledProtocols(protocols);
        socket.startHandshake();
        return socket;
    }

    /** A plain TCP socket for hand-written records. */
    Socket connectPlain() throws Exception {
        Socket socket = new Socket("127.0.0.1", port());
        socket.setSoTimeout(5000);
        return socket;
    }

    static X509Certificate peer(SSLSocket socket) throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** Sends a few bytes and expects them back: the connection still carries data. */
    static void assertEchoes(SSLSocket socket, String text) throws Exception {
        byte[] sent = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(sent);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] got = in.readNBytes(sent.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(sent, got);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    /** Writes back what it reads (the message is passed on, so Netty releases it after the write). */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
