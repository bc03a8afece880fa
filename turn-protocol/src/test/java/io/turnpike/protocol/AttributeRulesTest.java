package io.turnpike.protocol;

import static io.turnpike.protocol.testing.RawStun.b;
import static io.turnpike.protocol.testing.RawStun.fill;
import static io.turnpike.protocol.testing.RawStun.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.attribute.Data;
import io.turnpike.protocol.attribute.Fingerprint;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.AlternateServer;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RFC's attribute rules, enforced once in the decoder. */
@ExtendWith(LeakCheck.class)
class AttributeRulesTest {
    private static final byte[] PEER_A = b(0, 1, 0x21 ^ 0x12, 0x12, 0x21 ^ 10, 0x12, 0xA4 ^ 1, 0x42 ^ 1);
    private static final byte[] PEER_B = b(0, 1, 0x21 ^ 0x12, 0x13, 0x21 ^ 10, 0x12, 0xA4 ^ 1, 0x42 ^ 2);

    @Test
    void firstOccurrenceWins_andDuplicatesAreReported_rfc8489Section14() {
        DecodeResult r = StunDecoder.decode(message(0x0004).attr(0x000D, b(0, 0, 0, 60)).attr(0x8022, "a".getBytes())
                .attr(0x000D, b(0, 0, 0, 0)).attr(0x8022, "b".getBytes()).buf());
        assertEquals(60, r.message().get(Lifetime.class).seconds());
        assertEquals("a", r.message().get(Software.class).value());
        assertEquals(2, r.message().attributes().size());
        assertEquals(List.of(0x000D, 0x8022), r.duplicateAttributeTypes());
    }

    @Test
    void xorPeerAddressMayRepeat_rfc8656Section9() {
        DecodeResult r = StunDecoder.decode(message(0x0008).attr(0x0012, PEER_A).attr(0x0012, PEER_B).buf());
        List<XorPeerAddress> peers = r.message().getAll(XorPeerAddress.class);
        assertEquals(List.of(new InetSocketAddress("10.0.1.1", 0x1200), new InetSocketAddress("10.0.1.2", 0x1201)),
                List.of(peers.get(0).address(), peers.get(1).address()));
        assertTrue(r.duplicateAttributeTypes().isEmpty());
    }

    @Test
    void xorRelayedAddressMayRepeatInADualAllocationResponse_rfc8656Section7_2Step9() {
        DecodeResult r = StunDecoder.decode(message(0x0103).attr(0x0016, PEER_A).attr(0x0016, PEER_B).buf());
        List<XorRelayedAddress> relayed = r.message().getAll(XorRelayedAddress.class);
        assertEquals(List.of(new InetSocketAddress("10.0.1.1", 0x1200), new InetSocketAddress("10.0.1.2", 0x1201)),
                List.of(relayed.get(0).address(), relayed.get(1).address()));
        assertTrue(r.duplicateAttributeTypes().isEmpty());
    }

    @Test
    void alternateServerMayRepeatOncePerFamily_rfc8489Section10() {
        byte[] v4 = b(0, 1, 0x0D, 0x96, 10, 0, 0, 1);
        byte[] v6 = b(0, 2, 0x0D, 0x97, 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        DecodeResult r = StunDecoder.decode(message(0x0113).attr(0x8023, v4).attr(0x8023, v6).buf());
        assertTrue(r.isSuccess(), r::toString);
        assertEquals(List.of(new AlternateServer(new InetSocketAddress("10.0.0.1", 3478)),
                new AlternateServer(new InetSocketAddress("2001:db8::1", 3479))),
                r.message().getAll(AlternateServer.class));
        assertTrue(r.duplicateAttributeTypes().isEmpty());
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnored_exceptSha256AndFingerprint_rfc8489Section14_5() {
        DecodeResult r = StunDecoder.decode(message(0x0001).attr(0x0006, "u".getBytes()).attr(0x0008, fill(20, 1))
                .attr(0x8022, "late".getBytes()).attr(0x001C, fill(32, 2)).attr(0x0031, fill(4, 0))
                .fingerprint().buf());
        assertTrue(r.isSuccess(), r::toString);
        StunMessage m = r.message();
        assertEquals(List.of(Username.class, MessageIntegrity.class, MessageIntegritySha256.class, Fingerprint.class),
                m.attributes().stream().map(Object::getClass).toList());
        assertEquals(List.of(0x8022, 0x0031), r.ignoredAttributeTypes(),
                "ignored, and the unknown 0x0031 after integrity does not cause a 420");
        assertEquals(20 + 8, r.integrityOffset());
        // USERNAME "u" (8 bytes with padding), MESSAGE-INTEGRITY (24), SOFTWARE "late" (8), ...
        assertEquals(20 + 8 + 24 + 8, r.integritySha256Offset());
        assertEquals(20 + 8 + 24 + 8 + 36 + 8, r.fingerprintOffset());
    }

    @Test
    void onlyFingerprintCountsAfterMessageIntegritySha256_rfc8489Section14_6() {
        DecodeResult r = StunDecoder.decode(message(0x0001).attr(0x001C, fill(32, 2)).attr(0x0008, fill(20, 1))
                .fingerprint().buf());
        assertEquals(List.of(0x0008), r.ignoredAttributeTypes());
        assertEquals(-1, r.integrityOffset());
        assertEquals(20, r.integritySha256Offset());
    }

    @Test
    void dataIsASliceOfTheInputNotACopy() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            buf.writeBytes(message(0x0016).attr(0x0012, PEER_A).attr(0x0013, b(9, 8, 7)).bytes());
            Data data = StunDecoder.decode(buf).message().get(Data.class);
            assertEquals(Unpooled.wrappedBuffer(b(9, 8, 7)), data.payload());
            buf.setByte(20 + 12 + 4, 42);
            assertEquals(42, data.payload().getByte(0), "shares the input's memory");
            assertEquals(1, buf.refCnt(), "not retained");
        } finally {
            buf.release();
        }
    }

    @Test
    void decodeDoesNotMoveIndexesAndReadsFromReaderIndex() {
        byte[] wire = message(0x0001).attr(0x8022, "s".getBytes()).bytes();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(b(0xAA, 0xBB, 0xCC)).writeBytes(wire).skipBytes(3);
            DecodeResult r = StunDecoder.decode(buf);
            assertEquals("s", r.message().get(Software.class).value());
            assertEquals(3, buf.readerIndex());
            assertEquals(3 + wire.length, buf.writerIndex());
        } finally {
            buf.release();
        }
    }
}
