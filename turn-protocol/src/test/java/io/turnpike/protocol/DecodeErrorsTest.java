package io.turnpike.protocol;

import static io.turnpike.protocol.DecodeError.Kind.ATTRIBUTE_AFTER_FINGERPRINT;
import static io.turnpike.protocol.DecodeError.Kind.ATTRIBUTE_OVERRUN;
import static io.turnpike.protocol.DecodeError.Kind.BAD_ADDRESS_FAMILY;
import static io.turnpike.protocol.DecodeError.Kind.BAD_ATTRIBUTE_LENGTH;
import static io.turnpike.protocol.DecodeError.Kind.BAD_ATTRIBUTE_VALUE;
import static io.turnpike.protocol.DecodeError.Kind.BAD_FINGERPRINT;
import static io.turnpike.protocol.DecodeError.Kind.BAD_LENGTH;
import static io.turnpike.protocol.DecodeError.Kind.BAD_MAGIC_COOKIE;
import static io.turnpike.protocol.DecodeError.Kind.LENGTH_MISMATCH;
import static io.turnpike.protocol.DecodeError.Kind.NOT_STUN;
import static io.turnpike.protocol.DecodeError.Kind.TRUNCATED_HEADER;
import static io.turnpike.protocol.DecodeError.Kind.UNKNOWN_ATTRIBUTES;
import static io.turnpike.protocol.testing.RawStun.b;
import static io.turnpike.protocol.testing.RawStun.fill;
import static io.turnpike.protocol.testing.RawStun.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.protocol.testing.RawStun;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed input gives its typed error (and the header, when it was readable). */
@ExtendWith(LeakCheck.class)
class DecodeErrorsTest {
    private static final byte[] V4_ADDR = b(0, 1, 0x12, 0x34, 1, 2, 3, 4);

    static Stream<Arguments> cases() {
        byte[] valid = message(0x0001).attr(0x8022, "abc".getBytes()).bytes();
        return Stream.of(
                c("empty input (RFC 8489 §5)", new byte[0], TRUNCATED_HEADER),
                c("19-byte header", Arrays.copyOf(valid, 19), TRUNCATED_HEADER),
                c("first two bits 10 (RFC 8489 §5)", message(0x8001).bytes(), NOT_STUN),
                c("first two bits 01, ChannelData-like", message(0x4001).bytes(), NOT_STUN),
                c("bad magic cookie", message(0x0001).cookie(0x2112A443).bytes(), BAD_MAGIC_COOKIE),
                c("length not a multiple of 4", message(0x0001).raw(fill(2, 0)).bytes(), BAD_LENGTH),
                c("length beyond the datagram", message(0x0001).length(8).bytes(), LENGTH_MISMATCH),
                c("bytes after the message", message(0x0001).length(0).raw(fill(4, 0)).bytes(), LENGTH_MISMATCH),
                c("attribute overruns the message (RFC 8489 §14)", message(0x0001).attr(0x8022, 8, fill(4, 65)).bytes(),
                        ATTRIBUTE_OVERRUN),
                c("attribute padding overruns the message", message(0x0001).attr(0x8022, 5, fill(4, 65)).bytes(),
                        ATTRIBUTE_OVERRUN),
                c("address family 3 (RFC 8489 §14.1)", message(0x0101).attr(0x0020, b(0, 3, 0, 1, 1, 2, 3, 4)).bytes(),
                        BAD_ADDRESS_FAMILY),
                c("IPv4 family with IPv6 length", message(0x0101).attr(0x0020, concat(b(0, 1, 0, 1), fill(16, 1))).bytes(),
                        BAD_ADDRESS_FAMILY),
                c("IPv6 family with IPv4 length", message(0x0101).attr(0x0001, b(0, 2, 0, 1, 1, 2, 3, 4)).bytes(),
                        BAD_ADDRESS_FAMILY),
                c("XOR-PEER-ADDRESS shorter than 4", message(0x0008).attr(0x0012, b(0, 1)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("ADDRESS-ERROR-CODE family 0", message(0x0113).attr(0x8001, b(0, 0, 4, 40)).bytes(), BAD_ADDRESS_FAMILY),
                c("LIFETIME of 3 bytes (RFC 8656 §18.2)", message(0x0004).attr(0x000D, fill(3, 0)).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("CHANNEL-NUMBER of 8 bytes", message(0x0009).attr(0x000C, fill(8, 0x40)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("REQUESTED-TRANSPORT of 1 byte", message(0x0003).attr(0x0019, b(17)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("DONT-FRAGMENT with a value", message(0x0003).attr(0x001A, fill(4, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("EVEN-PORT of 4 bytes", message(0x0003).attr(0x0018, fill(4, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("RESERVATION-TOKEN of 4 bytes", message(0x0003).attr(0x0022, fill(4, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("USERHASH of 31 bytes", message(0x0003).attr(0x001E, fill(31, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("MESSAGE-INTEGRITY of 16 bytes (RFC 8489 §14.5)", message(0x0001).attr(0x0008, fill(16, 0)).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("MESSAGE-INTEGRITY-SHA256 of 12 bytes (§14.6)", message(0x0001).attr(0x001C, fill(12, 0)).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("MESSAGE-INTEGRITY-SHA256 of 18 bytes", message(0x0001).attr(0x001C, fill(18, 0)).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("FINGERPRINT of 8 bytes", message(0x0001).attr(0x8028, fill(8, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("USERNAME of 513 bytes (RFC 8489 §14.3)", message(0x0001).attr(0x0006, fill(513, 'a')).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("SOFTWARE of 764 bytes", message(0x0001).attr(0x8022, fill(764, 'a')).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("ERROR-CODE of 3 bytes", message(0x0111).attr(0x0009, fill(3, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("ERROR-CODE class 2 (RFC 8489 §14.8)", message(0x0111).attr(0x0009, b(0, 0, 2, 0)).bytes(),
                        BAD_ATTRIBUTE_VALUE),
                c("ERROR-CODE number 100", message(0x0111).attr(0x0009, b(0, 0, 4, 100)).bytes(), BAD_ATTRIBUTE_VALUE),
                c("UNKNOWN-ATTRIBUTES of odd length", message(0x0111).attr(0x000A, fill(3, 0)).bytes(), BAD_ATTRIBUTE_LENGTH),
                c("PASSWORD-ALGORITHM parameters overrun", message(0x0001).attr(0x001D, b(0, 2, 0, 9)).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("PASSWORD-ALGORITHMS entry truncated", message(0x0111).attr(0x8002, b(0, 1)).bytes(),
                        BAD_ATTRIBUTE_LENGTH),
                c("bad FINGERPRINT (RFC 8489 §14.7)", message(0x0001).attr(0x8028, fill(4, 0)).bytes(), BAD_FINGERPRINT),
                c("attribute after FINGERPRINT (RFC 8489 §14.7)",
                        message(0x0001).fingerprint(8).attr(0x8022, "x".getBytes()).bytes(), ATTRIBUTE_AFTER_FINGERPRINT),
                c("unknown comprehension-required 0x0031 (RFC 8489 §6.3.1.1)",
                        message(0x0001).attr(0x0031, fill(4, 0)).attr(0x0002, fill(0, 0)).attr(0x0031, fill(1, 0)).bytes(),
                        UNKNOWN_ATTRIBUTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTypedError(String name, byte[] wire, DecodeError.Kind expected) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, wire.length)).writeBytes(wire);
        try {
            DecodeResult r = StunDecoder.decode(buf);
            assertFalse(r.isSuccess(), name);
            assertNull(r.message());
            assertEquals(expected, r.error().kind(), name);
            boolean headerReadable = expected != TRUNCATED_HEADER && expected != NOT_STUN;
            assertEquals(headerReadable, r.error().hasHeader());
            if (headerReadable) {
                assertEquals(TransactionId.of(RawStun.TXID), r.error().transactionId());
                assertEquals(MessageType.methodCode(buf.getUnsignedShort(0)), r.error().methodCode());
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void unknownComprehensionRequiredTypesAreListedOnceEach() {
        ByteBuf buf = message(0x0003).attr(0x0031, fill(4, 0)).attr(0x0002, fill(0, 0)).attr(0x0031, fill(1, 0))
                .attr(0xC000, fill(2, 0)).buf();
        DecodeError e = StunDecoder.decode(buf).error();
        assertEquals(List.of(0x0031, 0x0002), e.unknownAttributes());
        assertEquals(StunMethod.ALLOCATE.code(), e.methodCode());
        assertEquals(StunClass.REQUEST, e.messageClass());
    }

    @Test
    void unknownComprehensionOptionalIsKeptRaw() {
        DecodeResult r = StunDecoder.decode(message(0x0001).attr(0xC000, fill(3, 7)).buf());
        assertEquals(new io.turnpike.protocol.attribute.UnknownAttribute(0xC000, fill(3, 7)),
                r.message().attributes().get(0));
    }

    @Test
    void unknownAttributesReportIsBounded() {
        RawStun m = message(0x0001);
        for (int t = 0x0040; t < 0x0040 + 100; t++) {
            m.attr(t, fill(0, 0));
        }
        assertEquals(StunDecoder.MAX_REPORTED_UNKNOWN, StunDecoder.decode(m.buf()).error().unknownAttributes().size());
    }

    @Test
    void validInputOfTheTableDecodes() {
        assertEquals(true, StunDecoder.decode(message(0x0101).attr(0x0001, V4_ADDR).fingerprint().buf()).isSuccess());
    }

    private static Arguments c(String name, byte[] wire, DecodeError.Kind kind) {
        return Arguments.of(name, wire, kind);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
