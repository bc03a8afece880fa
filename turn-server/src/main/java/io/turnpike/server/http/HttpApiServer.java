package io.turnpike.server.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 listener: Cloudflare-compatible credential API, usage, metrics, health and the ICE
 * test page, on Netty's HTTP codec and on the TURN server's own event loops. HTTPS with the server's
 * certificate unless {@code turnpike.http.tls = false} (loopback only by default).
 *
 * <p>Pipeline: [TLS] → read timeout → HTTP codec → aggregator (body limit, 413 as JSON) → API handler.
 * JSON is handled with jackson-databind: the de-facto standard JSON library on the JVM, with both a
 * streaming parser and data binding, well maintained and already a dependency.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    /** Idle keep-alive connections (and slow senders) are closed after this. */
    private static final int READ_TIMEOUT_SECONDS = 60;

    private final HttpApiContext context;
    /**
     * Strict parsing: a repeated field or trailing data is a 400, so no caller can rely on
     * first-wins or last-wins behaviour.
     */
    private final ObjectMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final ApiHandler api;
    private Channel channel;
    private ScheduledFuture<?> purge;

    /** A server for {@code context}; nothing is bound until {@link #start}. */
    public HttpApiServer(HttpApiContext context) {
        this.context = context;
        this.api = new ApiHandler(context, json);
    }

    /**
     * Adds the API's handlers after the TLS handler (if any) of a connection: read timeout, HTTP codec,
     * aggregator, API. Also used by the TLS port shared with TURN once a connection turned out to be HTTP.
     */
    public void addHandlers(ChannelPipeline p) {
        p.addLast("timeout", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregate", new JsonOversizeAggregator(context.settings().maxBodyBytes(), json));
        p.addLast("api", api);
    }

    /**
     * Binds the listener on {@code group} (the TURN server's event loops) and waits for the bind.
     *
     * @param serverChannels makes server socket channels matching {@code group}
     *     (e.g. {@code EpollServerSocketChannel::new} or {@code NioServerSocketChannel::new})
     */
    public void start(EventLoopGroup group, ChannelFactory<? extends ServerChannel> serverChannels)
            throws InterruptedException {
        HttpSettings s = context.settings();
        if (s.tls() && context.tlsHandler() == null) {
            throw new IllegalStateException("turnpike.http.tls is on but no TLS context was given");
        }
        ServerBootstrap b = new ServerBootstrap().group(group).channelFactory(serverChannels)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (s.tls()) {
                            p.addLast("tls", context.tlsHandler().apply(ch.alloc()));
                        }
                        addHandlers(p);
                    }
                });
        channel = b.bind(s.bindAddress(), s.port()).sync().channel();
        // Revocations also vanish lazily on lookup; the sweep frees entries nobody asks about.
        purge = group.scheduleAtFixedRate(context.revocations()::purgeExpired, 1, 1, TimeUnit.MINUTES);
        LOG.info("HTTP{} API listening on {}", s.tls() ? "S" : "", channel.localAddress());
    }

    /** The bound address (port 0 resolved); valid after {@link #start}. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Whether the listener is bound. */
    public boolean isBound() {
        return channel != null && channel.isActive();
    }

    /** Stops accepting connections (the event loop group belongs to the caller). */
    @Override
    public void close() {
        if (purge != null) {
            purge.cancel(false);
        }
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    /** The aggregator, answering an oversized body with the API's JSON 413 instead of an empty one. */
    static final class JsonOversizeAggregator extends HttpObjectAggregator {
        private final ObjectMapper json;

        JsonOversizeAggregator(int maxContentLength, ObjectMapper json) {
            super(maxContentLength);
            this.json = json;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ApiException e = new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + maxContentLength() + " bytes");
            // Like Netty's own aggregator: when the rest of the body is still to come on a keep-alive
            // connection, the aggregator skips it and the connection stays usable; otherwise close.
            boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
            HttpResponses.write(ctx, HttpResponses.error(json, e), keepAlive);
        }
    }
}
