package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a TCP/TLS byte stream into STUN messages and ChannelData frames (RFC 8656 §12.5, RFC 6062):
 * a STUN message is 20 + length bytes; a ChannelData frame is 4 + length rounded up to 4; a first byte
 * that is neither (RFC 7983) makes the stream invalid. Allocation-free; reads without moving indexes.
 */
public final class StreamFraming {
    /** The frame is not complete yet: wait for more bytes. */
    public static final int NEED_MORE = 0;
    /** The stream cannot be framed (unknown first byte, bad STUN header, frame above the cap): close it. */
    public static final int INVALID = -1;
    /** The largest frame the formats allow: a STUN message with length 65532. */
    public static final int MAX_FRAME_LENGTH = StunDecoder.HEADER_LENGTH + 0xFFFC;

    private StreamFraming() {
    }

    /** {@link #frameLength(ByteBuf, int)} with the format's own maximum. */
    public static int frameLength(ByteBuf buf) {
        return frameLength(buf, MAX_FRAME_LENGTH);
    }

    /**
     * The length of the complete frame at {@code buf}'s reader index, {@link #NEED_MORE} when it has not
     * fully arrived, or {@link #INVALID}.
     *
     * @param maxFrameLength frames longer than this (including STUN header or ChannelData padding) are
     *                       {@link #INVALID}, so a peer cannot make the server buffer large frames
     */
    public static int frameLength(ByteBuf buf, int maxFrameLength) {
        int readable = buf.readableBytes();
        if (readable < 1) {
            return NEED_MORE;
        }
        int start = buf.readerIndex();
        Demux.Kind kind = Demux.classify(buf.getByte(start));
        if (kind == Demux.Kind.OTHER) {
            return INVALID;
        }
        if (readable < 4) {
            return NEED_MORE;
        }
        int length = buf.getUnsignedShort(start + 2);
        int total;
        if (kind == Demux.Kind.STUN) {
            // RFC 8489 §5: the length is a multiple of 4 and the cookie fixed; check both early.
            if ((length & 3) != 0 || (readable >= 8 && buf.getInt(start + 4) != StunDecoder.MAGIC_COOKIE)) {
                return INVALID;
            }
            total = StunDecoder.HEADER_LENGTH + length;
        } else {
            total = ChannelData.streamFrameLength(length);
        }
        if (total > maxFrameLength) {
            return INVALID;
        }
        return readable >= total ? total : NEED_MORE;
    }
}
