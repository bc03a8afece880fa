package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.turnpike.protocol.StunDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Second stage of the shared TLS port, for clients that offered no ALPN: tells TURN from HTTP by the
 * first decrypted bytes, then installs that protocol's pipeline and replays the bytes to it.
 *
 * <ul>
 *   <li>TURN: a STUN message, i.e. the two leading bits 0 and the magic cookie 0x2112A442 in bytes 4-7
 *       (RFC 8489 §5). ChannelData cannot come first: a channel is bound by a ChannelBind on this very
 *       connection's allocation (RFC 8656 §12), so its 0x40-0x7F first byte, which overlaps the ASCII
 *       letters HTTP methods start with, is not a TURN opening.</li>
 *   <li>HTTP: a request line starting with a method token and a space (RFC 9110 §9).</li>
 *   <li>Anything else, or nothing within the handshake timeout: the connection is closed.</li>
 * </ul>
 */
final class FirstBytesSwitch extends ByteToMessageDecoder {
    /** Not enough bytes yet. */
    static final int NEED_MORE = 0;
    /** A STUN message: TURN. */
    static final int TURN = 1;
    /** An HTTP request line. */
    static final int HTTP = 2;
    /** Neither. */
    static final int UNKNOWN = 3;

    private static final byte[][] METHODS = tokens("GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
            "PATCH ", "CONNECT ", "TRACE ");
    private static final int STUN_SNIFF_LENGTH = 8;

    private final SharedPortProtocols protocols;
    private final long decideWithinMillis;
    private ScheduledFuture<?> deadline;

    FirstBytesSwitch(SharedPortProtocols protocols, long decideWithinMillis) {
        this.protocols = protocols;
        this.decideWithinMillis = decideWithinMillis;
    }

    private static byte[][] tokens(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // A fixed deadline, not a read timeout: trickling one byte at a time must not hold the socket.
        deadline = ctx.executor().schedule(() -> ctx.close(), decideWithinMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (classify(in)) {
            case NEED_MORE -> {
                return;
            }
            case TURN -> protocols.turn(ctx.pipeline());
            case HTTP -> {
                if (!protocols.http(ctx.pipeline())) {
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return;
                }
            }
            default -> {
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
        }
        // Removing this decoder passes the bytes read so far on to the handlers just added.
        ctx.pipeline().remove(this);
    }

    /** Which protocol the readable bytes of {@code in} begin; does not move the reader index. */
    static int classify(ByteBuf in) {
        int n = in.readableBytes();
        if (n == 0) {
            return NEED_MORE;
        }
        int start = in.readerIndex();
        if ((in.getByte(start) & 0xC0) == 0) {
            if (n < STUN_SNIFF_LENGTH) {
                return NEED_MORE;
            }
            return in.getInt(start + 4) == StunDecoder.MAGIC_COOKIE ? TURN : UNKNOWN;
        }
        boolean partial = false;
        for (byte[] method : METHODS) {
            int compare = Math.min(n, method.length);
            boolean match = true;
            for (int i = 0; i < compare && match; i++) {
                match = in.getByte(start + i) == method[i];
            }
            if (match && n >= method.length) {
                return HTTP;
            }
            partial |= match;
        }
        return partial ? NEED_MORE : UNKNOWN;
    }
}
