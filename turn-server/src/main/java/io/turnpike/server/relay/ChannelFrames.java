package io.turnpike.server.relay;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.ChannelData;
import io.turnpike.protocol.StreamFraming;

/**
 * ChannelData recognition that also admits RFC 5766 channel numbers (0x4000-0x7FFF, first byte
 * 0x40-0x7F). The codec follows RFC 8656 / RFC 7983 strictly (first byte 0x40-0x4F), but RFC 5766
 * clients such as coturn's turnutils_uclient use numbers above 0x4FFF, and coturn and pion accept
 * them. On the client-to-server hop only STUN and ChannelData travel, so reading 0x50-0x7F as
 * ChannelData is unambiguous; whether a number may be bound is decided at ChannelBind, and
 * ChannelData on an unbound number is dropped. Allocation-free.
 */
public final class ChannelFrames {
    private ChannelFrames() {
    }

    /** Whether a message starting with {@code firstByte} is ChannelData (0x40-0x7F). */
    public static boolean isChannelData(byte firstByte) {
        return (firstByte & 0xC0) == 0x40;
    }

    /** Whether the readable bytes hold a complete ChannelData message (header plus its length). */
    public static boolean complete(ByteBuf message) {
        int readable = message.readableBytes();
        return readable >= ChannelData.HEADER_LENGTH
                && ChannelData.HEADER_LENGTH + ChannelData.length(message) <= readable;
    }

    /**
     * {@link StreamFraming#frameLength(ByteBuf, int)}, extended to ChannelData with RFC 5766 numbers:
     * 4 + length padded to 4 (RFC 8656 §12.5), capped at {@code maxFrameLength}.
     */
    public static int streamFrameLength(ByteBuf in, int maxFrameLength) {
        if (in.readableBytes() < 1 || !isChannelData(in.getByte(in.readerIndex()))) {
            return StreamFraming.frameLength(in, maxFrameLength);
        }
        if (in.readableBytes() < ChannelData.HEADER_LENGTH) {
            return StreamFraming.NEED_MORE;
        }
        int total = ChannelData.streamFrameLength(ChannelData.length(in));
        if (total > maxFrameLength) {
            return StreamFraming.INVALID;
        }
        return in.readableBytes() >= total ? total : StreamFraming.NEED_MORE;
    }
}
