package io.turnpike.protocol;

import static io.turnpike.protocol.testing.RawStun.b;
import static io.turnpike.protocol.testing.RawStun.fill;
import static io.turnpike.protocol.testing.RawStun.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.IndicationReader.Status;
import io.turnpike.protocol.attribute.Data;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import java.net.InetSocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Send/Data indications read in place and written around an uncopied payload (RFC 8656 §11). */
@ExtendWith(LeakCheck.class)
class IndicationTest {
    private static final TransactionId TXID = TransactionId.of(0x0102030405060708L, 0x090A0B0C);
    private static final InetSocketAddress PEER4 = new InetSocketAddress("198.51.100.7", 50000);
    private static final InetSocketAddress PEER6 = new InetSocketAddress("2001:db8::42", 61000);

    @ParameterizedTest(name = "payload of {0} bytes")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 1199})
    void dataHeadComposedWithPayloadDecodesWithCorrectPadding(int payloadLength) {
        for (InetSocketAddress peer : new InetSocketAddress[] {PEER4, PEER6}) {
            ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(fill(payloadLength, 0x5A));
            ByteBuf head = PooledByteBufAllocator.DEFAULT.buffer();
            IndicationWriter.writeDataHead(head, TXID, peer, payloadLength);
            assertEquals(peer == PEER4 ? IndicationWriter.HEAD_LENGTH_IPV4 : IndicationWriter.HEAD_LENGTH_IPV6,
                    head.readableBytes());
            ByteBuf pad = Unpooled.wrappedBuffer(new byte[IndicationWriter.paddingLength(payloadLength)]);
            CompositeByteBuf whole = PooledByteBufAllocator.DEFAULT.compositeBuffer(3)
                    .addComponents(true, head, payload, pad);
            try {
                assertEquals(0, whole.readableBytes() % 4);
                DecodeResult r = StunDecoder.decode(whole);
                assertTrue(r.isSuccess(), r::toString);
                assertEquals(StunMethod.DATA, r.message().method());
                assertEquals(StunClass.INDICATION, r.message().messageClass());
                assertEquals(peer, r.message().get(XorPeerAddress.class).address());
                assertEquals(new Data(Unpooled.wrappedBuffer(fill(payloadLength, 0x5A))), r.message().get(Data.class));
            } finally {
                whole.release();
            }
            assertEquals(0, payload.refCnt(), "the composite owned and released the payload");
        }
    }

    @Test
    void primitiveOverloadsMatchTheSocketAddressOne() {
        ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer();
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer();
        ByteBuf c = PooledByteBufAllocator.DEFAULT.buffer();
        ByteBuf d = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            IndicationWriter.writeDataHead(a, TXID, PEER4, 10);
            IndicationWriter.writeDataHead(b, TXID.high(), TXID.low(), 0xC6336407, 50000, 10);
            assertEquals(a, b);
            IndicationWriter.writeDataHead(c, TXID, PEER6, 10);
            IndicationWriter.writeDataHead(d, TXID.high(), TXID.low(), PEER6.getAddress().getAddress(), 61000, 10);
            assertEquals(c, d);
        } finally {
            a.release();
            b.release();
            c.release();
            d.release();
        }
    }

    @Test
    void readerFindsPeerAndDataOfASendIndicationInPlace() {
        for (InetSocketAddress peer : new InetSocketAddress[] {PEER4, PEER6}) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
            try {
                StunMessage send = StunMessage.builder(StunMethod.SEND, StunClass.INDICATION, TXID)
                        .add(new XorPeerAddress(peer)).add(new DontFragment())
                        .add(new Data(Unpooled.wrappedBuffer(b(1, 2, 3, 4, 5)))).build();
                StunEncoder.encode(send, buf, null, true);
                IndicationReader reader = new IndicationReader();
                assertEquals(Status.OK, reader.wrap(buf, StunMethod.SEND));
                assertEquals(peer, reader.peerAddress());
                assertEquals(peer.getPort(), reader.peerPort());
                assertEquals(peer == PEER6, reader.peerIsIpv6());
                assertTrue(reader.dontFragment());
                assertEquals(5, reader.dataLength());
                byte[] payload = new byte[5];
                buf.getBytes(reader.dataIndex(), payload);
                assertArrayEquals(b(1, 2, 3, 4, 5), payload);
                if (peer == PEER4) {
                    assertEquals((0xC6336407L << 16) | 50000, reader.peerIpv4AndPort());
                } else {
                    byte[] ip = new byte[16];
                    reader.copyPeerIpv6(ip, 0);
                    assertArrayEquals(PEER6.getAddress().getAddress(), ip);
                }
                assertEquals(Status.NOT_INDICATION, reader.wrap(buf, StunMethod.DATA), "method checked");
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void readerUsesTheFirstPeerAndDataAndIgnoresWhatFollowsIntegrity() {
        ByteBuf buf = message(0x0016).attr(0x0012, peerBytes(1)).attr(0x0013, b(7)).attr(0x0012, peerBytes(2))
                .attr(0x0013, b(8, 8)).buf();
        IndicationReader reader = new IndicationReader();
        assertEquals(Status.OK, reader.wrap(buf, StunMethod.SEND));
        assertEquals(1, reader.peerIpv4() & 0xFF);
        assertEquals(1, reader.dataLength());
        ByteBuf late = message(0x0016).attr(0x0012, peerBytes(1)).attr(0x0008, fill(20, 0)).attr(0x0013, b(7)).buf();
        assertEquals(Status.MISSING_DATA, reader.wrap(late, StunMethod.SEND));
    }

    static Stream<Arguments> readerErrors() {
        return Stream.of(
                Arguments.of("not STUN", b(0x40, 0, 0, 0), Status.NOT_INDICATION),
                Arguments.of("Send request, not indication", message(0x0006).bytes(), Status.NOT_INDICATION),
                Arguments.of("bad cookie", message(0x0016).cookie(1).bytes(), Status.NOT_INDICATION),
                Arguments.of("length mismatch", message(0x0016).length(4).bytes(), Status.NOT_INDICATION),
                Arguments.of("no XOR-PEER-ADDRESS (RFC 8656 §10.2)", message(0x0016).attr(0x0013, b(1)).bytes(),
                        Status.MISSING_PEER_ADDRESS),
                Arguments.of("no DATA", message(0x0016).attr(0x0012, peerBytes(1)).bytes(), Status.MISSING_DATA),
                Arguments.of("peer family/length mismatch", message(0x0016).attr(0x0012, b(0, 2, 0, 0, 1, 2, 3, 4))
                        .attr(0x0013, b(1)).bytes(), Status.MALFORMED),
                Arguments.of("attribute overrun", message(0x0016).attr(0x0013, 40, b(1)).bytes(), Status.MALFORMED),
                Arguments.of("unknown comprehension-required", message(0x0016).attr(0x0012, peerBytes(1))
                        .attr(0x0013, b(1)).attr(0x0031, b()).bytes(), Status.UNKNOWN_ATTRIBUTE),
                Arguments.of("bad fingerprint", message(0x0016).attr(0x0012, peerBytes(1)).attr(0x0013, b(1))
                        .attr(0x8028, fill(4, 0)).bytes(), Status.BAD_FINGERPRINT),
                Arguments.of("attribute after fingerprint", message(0x0016).attr(0x0012, peerBytes(1))
                        .attr(0x0013, b(1)).fingerprint(8).attr(0x8022, b(1)).bytes(), Status.MALFORMED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readerErrors")
    void readerErrors(String name, byte[] wire, Status expected) {
        assertEquals(expected, new IndicationReader().wrap(Unpooled.wrappedBuffer(wire), StunMethod.SEND), name);
    }

    @Test
    void sendHeadRoundTripsThroughReader() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            IndicationWriter.writeSendHead(buf, TXID, PEER6, 3);
            buf.writeBytes(b(9, 9, 9)).writeZero(IndicationWriter.paddingLength(3));
            IndicationReader reader = new IndicationReader();
            assertEquals(Status.OK, reader.wrap(buf, StunMethod.SEND));
            assertEquals(PEER6, reader.peerAddress());
            assertFalse(reader.dontFragment());
            assertEquals(3, reader.dataLength());
            assertEquals(null, StunDecoder.decode(buf).message().get(Software.class));
        } finally {
            buf.release();
        }
    }

    /** XOR-PEER-ADDRESS value for 10.0.0.{last}:4608. */
    private static byte[] peerBytes(int last) {
        return b(0, 1, 0x33, 0x12, 0x21 ^ 10, 0x12, 0xA4, 0x42 ^ last);
    }
}
