package io.turnpike.protocol;

import static io.turnpike.protocol.testing.RawStun.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.testing.LeakCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ChannelData (RFC 8656 §12), first-byte demux (RFC 7983) and stream framing (RFC 8656 §12.5). */
@ExtendWith(LeakCheck.class)
class ChannelDataTest {

    @Test
    void readsInPlace() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            buf.writeBytes(b(0x40, 0x01, 0x00, 0x03, 7, 8, 9, 0));
            assertTrue(ChannelData.isValid(buf));
            assertEquals(0x4001, ChannelData.channelNumber(buf));
            assertEquals(3, ChannelData.length(buf));
            assertEquals(Unpooled.wrappedBuffer(b(7, 8, 9)), ChannelData.payload(buf));
            ChannelData.stripHeader(buf);
            assertEquals(Unpooled.wrappedBuffer(b(7, 8, 9)), buf, "readable bytes are the payload, padding dropped");
            assertEquals(1, buf.refCnt());
        } finally {
            buf.release();
        }
    }

    static Stream<Arguments> validity() {
        return Stream.of(
                Arguments.of("minimal channel 0x4000, empty", b(0x40, 0, 0, 0), true),
                Arguments.of("maximal channel 0x4FFF", b(0x4F, 0xFF, 0, 1, 5), true),
                Arguments.of("reserved 0x5000 (RFC 8656 §12)", b(0x50, 0, 0, 0), false),
                Arguments.of("below range 0x3FFF", b(0x3F, 0xFF, 0, 0), false),
                Arguments.of("truncated header", b(0x40, 0, 0), false),
                Arguments.of("payload shorter than length", b(0x40, 0, 0, 4, 1, 2, 3), false),
                Arguments.of("UDP without padding", b(0x40, 0, 0, 1, 1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validity")
    void validity(String name, byte[] wire, boolean valid) {
        assertEquals(valid, ChannelData.isValid(Unpooled.wrappedBuffer(wire)), name);
    }

    @Test
    void writesHeaderAndStreamPadding() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            for (int len = 0; len < 9; len++) {
                out.clear();
                ChannelData.writeHeader(out, 0x4ABC, len);
                out.writeZero(len);
                ChannelData.writePadding(out, len);
                assertEquals(ChannelData.streamFrameLength(len), out.readableBytes());
                assertEquals(0, out.readableBytes() % 4);
                assertEquals(out.readableBytes(), StreamFraming.frameLength(out));
            }
            out.clear().writeZero(8);
            ChannelData.setHeader(out, 2, 0x4000, 2);
            assertEquals(0x4000, out.getUnsignedShort(2));
            assertThrows(IllegalArgumentException.class, () -> ChannelData.writeHeader(out, 0x5000, 1));
            assertThrows(IllegalArgumentException.class, () -> ChannelData.writeHeader(out, 0x4000, 0x10000));
        } finally {
            out.release();
        }
    }

    static Stream<Arguments> demux() {
        return Stream.of(Arguments.of(0, Demux.Kind.STUN), Arguments.of(3, Demux.Kind.STUN),
                Arguments.of(4, Demux.Kind.OTHER), Arguments.of(16, Demux.Kind.OTHER), Arguments.of(20, Demux.Kind.OTHER),
                Arguments.of(63, Demux.Kind.OTHER), Arguments.of(64, Demux.Kind.CHANNEL_DATA),
                Arguments.of(79, Demux.Kind.CHANNEL_DATA), Arguments.of(80, Demux.Kind.OTHER),
                Arguments.of(128, Demux.Kind.OTHER), Arguments.of(255, Demux.Kind.OTHER),
                Arguments.of(-1, Demux.Kind.OTHER), Arguments.of(0x140, Demux.Kind.CHANNEL_DATA));
    }

    @ParameterizedTest(name = "first byte {0} is {1} (RFC 7983 §7)")
    @MethodSource("demux")
    void demux(int firstByte, Demux.Kind kind) {
        assertEquals(kind, Demux.classify(firstByte));
        assertEquals(kind == Demux.Kind.STUN, Demux.isStun(firstByte));
        assertEquals(kind == Demux.Kind.CHANNEL_DATA, Demux.isChannelData(firstByte));
    }

    static Stream<Arguments> framing() {
        byte[] stun = io.turnpike.protocol.testing.RawStun.message(0x0001).attr(0x8022, b(1, 2, 3, 4)).bytes();
        return Stream.of(
                Arguments.of("empty", new byte[0], StreamFraming.NEED_MORE),
                Arguments.of("STUN: 3 bytes", java.util.Arrays.copyOf(stun, 3), StreamFraming.NEED_MORE),
                Arguments.of("STUN: header only", java.util.Arrays.copyOf(stun, 20), StreamFraming.NEED_MORE),
                Arguments.of("STUN: complete = 20 + length", stun, 28),
                Arguments.of("STUN: complete plus next frame's bytes", concat(stun, b(0x40, 0)), 28),
                Arguments.of("STUN: length not multiple of 4", b(0, 1, 0, 2, 0x21, 0x12, 0xA4, 0x42), StreamFraming.INVALID),
                Arguments.of("STUN: bad cookie seen early", b(0, 1, 0, 0, 0x21, 0x12, 0xA4, 0x43), StreamFraming.INVALID),
                Arguments.of("ChannelData: padded to 4 (RFC 8656 §12.5)", b(0x40, 0, 0, 1, 9, 0, 0, 0), 8),
                Arguments.of("ChannelData: padding not yet arrived", b(0x40, 0, 0, 1, 9), StreamFraming.NEED_MORE),
                Arguments.of("ChannelData: 2 bytes", b(0x40, 0), StreamFraming.NEED_MORE),
                Arguments.of("DTLS first byte", b(22, 0xFE, 0xFD, 0), StreamFraming.INVALID),
                Arguments.of("RTP first byte", b(0x80), StreamFraming.INVALID),
                Arguments.of("HTTP POST", "POST / HTTP/1.1".getBytes(), StreamFraming.INVALID),
                // 'G' is 0x47: by RFC 7983 this is ChannelData for channel 0x4745 with length 0x5420.
                Arguments.of("HTTP GET reads as a large ChannelData frame", "GET / HTTP/1.1".getBytes(),
                        StreamFraming.NEED_MORE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void frameLength(String name, byte[] stream, int expected) {
        ByteBuf buf = Unpooled.wrappedBuffer(stream);
        assertEquals(expected, StreamFraming.frameLength(buf), name);
        assertEquals(0, buf.readerIndex());
    }

    @Test
    void frameCapRejectsLargeFrames() {
        assertEquals(StreamFraming.INVALID, StreamFraming.frameLength(Unpooled.wrappedBuffer("GET / HTTP/1.1".getBytes()),
                1504), "HTTP GET is refused once a cap below 21540 is set");
        ByteBuf big = Unpooled.wrappedBuffer(b(0x40, 0, 0x05, 0xDC)); // 1500-byte payload announced
        assertEquals(StreamFraming.NEED_MORE, StreamFraming.frameLength(big, 1504));
        assertEquals(StreamFraming.INVALID, StreamFraming.frameLength(big, 1503));
        ByteBuf stun = Unpooled.wrappedBuffer(b(0, 1, 0xFF, 0xFC, 0x21, 0x12, 0xA4, 0x42));
        assertEquals(StreamFraming.NEED_MORE, StreamFraming.frameLength(stun));
        assertEquals(StreamFraming.INVALID, StreamFraming.frameLength(stun, 2048));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void invalidBufferIsNotValid() {
        assertFalse(ChannelData.isValid(Unpooled.EMPTY_BUFFER));
    }
}
