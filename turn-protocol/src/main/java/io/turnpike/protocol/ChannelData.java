package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;

/**
 * ChannelData messages (RFC 8656 §12.4), read and written in place; never turned into objects.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Channel Number        |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                       Application Data                        /
 * </pre>
 *
 * Over TCP/TLS the message is padded to a multiple of 4 bytes (§12.5); over UDP padding is optional.
 * All accessors read at the buffer's reader index without moving it (unless stated), allocate nothing,
 * and neither retain nor release the buffer.
 */
public final class ChannelData {
    /** The header size. */
    public static final int HEADER_LENGTH = 4;
    /** Lowest channel number (RFC 8656 §12). */
    public static final int MIN_CHANNEL = 0x4000;
    /** Highest channel number (RFC 8656 §12; 0x5000–0x7FFF are reserved). */
    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {
    }

    /** True for 0x4000–0x4FFF. */
    public static boolean isValidChannelNumber(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    /** The channel number; the caller has checked that 4 bytes are readable ({@link #isValid}). */
    public static int channelNumber(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex());
    }

    /** The payload length from the header; the caller has checked that 4 bytes are readable. */
    public static int length(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + 2);
    }

    /** The absolute index of the first payload byte. */
    public static int payloadIndex(ByteBuf buf) {
        return buf.readerIndex() + HEADER_LENGTH;
    }

    /**
     * True when the readable bytes hold a complete ChannelData message: a 4-byte header, a valid channel
     * number, and at least {@code length} payload bytes (trailing padding is allowed and ignored).
     */
    public static boolean isValid(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable < HEADER_LENGTH) {
            return false;
        }
        return isValidChannelNumber(channelNumber(buf)) && HEADER_LENGTH + length(buf) <= readable;
    }

    /**
     * An unretained slice of the payload. Valid only while {@code buf} is; do not release it separately.
     * Allocates the slice object; the relay path uses {@link #stripHeader} instead.
     */
    public static ByteBuf payload(ByteBuf buf) {
        return buf.slice(payloadIndex(buf), length(buf));
    }

    /**
     * Moves {@code buf}'s indexes so that its readable bytes are exactly the payload (header and padding
     * dropped), without copying or allocating; the caller keeps ownership and can forward {@code buf}
     * itself. Requires {@link #isValid}.
     */
    public static void stripHeader(ByteBuf buf) {
        int length = length(buf);
        int from = payloadIndex(buf);
        buf.writerIndex(from + length).readerIndex(from);
    }

    /** Appends the 4-byte header. The caller owns {@code out} and appends the payload (and padding). */
    public static void writeHeader(ByteBuf out, int channel, int payloadLength) {
        if (!isValidChannelNumber(channel) || payloadLength < 0 || payloadLength > 0xFFFF) {
            throw new IllegalArgumentException("bad channel " + channel + " or length " + payloadLength);
        }
        out.writeShort(channel).writeShort(payloadLength);
    }

    /** Writes the 4-byte header at {@code index} (e.g. into reserved headroom) without moving indexes. */
    public static void setHeader(ByteBuf out, int index, int channel, int payloadLength) {
        if (!isValidChannelNumber(channel) || payloadLength < 0 || payloadLength > 0xFFFF) {
            throw new IllegalArgumentException("bad channel " + channel + " or length " + payloadLength);
        }
        out.setShort(index, channel).setShort(index + 2, payloadLength);
    }

    /** Padding bytes after a payload of this length over TCP/TLS (0..3). */
    public static int paddingLength(int payloadLength) {
        return -payloadLength & 3;
    }

    /** Appends zero padding for a stream transport. */
    public static void writePadding(ByteBuf out, int payloadLength) {
        out.writeZero(paddingLength(payloadLength));
    }

    /** Total bytes of the message on a stream transport: header + payload + padding. */
    public static int streamFrameLength(int payloadLength) {
        return HEADER_LENGTH + payloadLength + paddingLength(payloadLength);
    }
}
