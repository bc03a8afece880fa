package io.turnpike.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * First stage of the shared TLS port, after the handshake: the protocol the client chose by ALPN
 * ({@code stun.turn}, RFC 7443 §3; {@code http/1.1}) picks the pipeline at once. A client that
 * offered no ALPN (browsers' and most TURN clients' TURN over TLS) is handed to {@link FirstBytesSwitch}.
 * Records read before the handshake completes are held by the base class and replayed to the new
 * pipeline. Handshake failures (port scanners, plain HTTP on 443) close the connection quietly.
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {
    static final String TURN = "stun.turn";
    static final String HTTP_1_1 = "http/1.1";
    private static final String NONE = "";

    private final SharedPortProtocols protocols;
    private final long decideWithinMillis;

    AlpnSwitch(SharedPortProtocols protocols, long decideWithinMillis) {
        super(NONE);
        this.protocols = protocols;
        this.decideWithinMillis = decideWithinMillis;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        switch (protocol) {
            case TURN -> protocols.turn(ctx.pipeline());
            case HTTP_1_1 -> {
                if (!protocols.http(ctx.pipeline())) {
                    ctx.close();
                }
            }
            default -> ctx.pipeline().addLast("first-bytes", new FirstBytesSwitch(protocols, decideWithinMillis));
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // not TLS, reset, ...: only this connection is affected
    }
}
