package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.turnpike.protocol.StreamFraming;
import io.turnpike.server.relay.ChannelFrames;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import java.util.List;

/**
 * Cuts a TCP/TLS byte stream into STUN messages and padded ChannelData frames (RFC 8656 §12.5),
 * emitting each as a retained slice of the cumulation (no copy). A byte that starts neither, or a
 * frame above the configured cap, makes the stream unusable: the connection is closed, and only it.
 */
final class StreamFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameLength;
    private final TrafficCounters counters;

    StreamFrameDecoder(int maxFrameLength, TrafficCounters counters) {
        this.maxFrameLength = maxFrameLength;
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = ChannelFrames.streamFrameLength(in, maxFrameLength);
        if (length == StreamFraming.NEED_MORE) {
            return;
        }
        if (length == StreamFraming.INVALID) {
            counters.dropped(DropReason.MALFORMED);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        out.add(in.readRetainedSlice(length));
    }
}
