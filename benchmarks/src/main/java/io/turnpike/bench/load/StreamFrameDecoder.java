package io.turnpike.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.turnpike.protocol.StreamFraming;
import java.util.List;

/** Cuts the TCP/TLS stream from the server into STUN messages and ChannelData frames (RFC 8656 §12.5). */
final class StreamFrameDecoder extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = StreamFraming.frameLength(in);
        if (length == StreamFraming.INVALID) {
            in.skipBytes(in.readableBytes());
            ctx.close();
        } else if (length != StreamFraming.NEED_MORE) {
            out.add(in.readRetainedSlice(length));
        }
    }
}
