package io.turnpike.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.attribute.AttributeType;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.UnknownAttribute;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.protocol.testing.Rfc5769;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 5769: every vector decodes, verifies (integrity and fingerprint) and re-encodes byte for byte. */
@ExtendWith(LeakCheck.class)
class Rfc5769VectorsTest {
    private static final byte[] SHORT_TERM_KEY = LongTermKey.shortTerm(Rfc5769.PASSWORD);

    @Test
    void section2_1_sampleRequest() {
        byte[] wire = Rfc5769.request();
        StunMessage m = decodeAndVerify(wire, SHORT_TERM_KEY, true);
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals(StunClass.REQUEST, m.messageClass());
        assertEquals("STUN test client", m.get(Software.class).value());
        assertEquals("evtj:h6vY", m.get(Username.class).value());
        // PRIORITY and ICE-CONTROLLED are known ICE attributes kept raw, not reported as unknown.
        assertEquals(2, m.getAll(UnknownAttribute.class).size());
        assertEquals(AttributeType.PRIORITY.code(), m.getAll(UnknownAttribute.class).get(0).type());
        assertReencodes(wire, m, new EncodeOptions(SHORT_TERM_KEY, null, true, ' '));
    }

    @Test
    void section2_2_ipv4Response() {
        byte[] wire = Rfc5769.ipv4Response();
        StunMessage m = decodeAndVerify(wire, SHORT_TERM_KEY, true);
        assertEquals(StunClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals("test vector", m.get(Software.class).value());
        assertEquals(new InetSocketAddress("192.0.2.1", 32853), m.get(XorMappedAddress.class).address());
        assertReencodes(wire, m, new EncodeOptions(SHORT_TERM_KEY, null, true, ' '));
    }

    @Test
    void section2_3_ipv6Response() {
        byte[] wire = Rfc5769.ipv6Response();
        StunMessage m = decodeAndVerify(wire, SHORT_TERM_KEY, true);
        assertEquals(new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853),
                m.get(XorMappedAddress.class).address());
        assertReencodes(wire, m, new EncodeOptions(SHORT_TERM_KEY, null, true, ' '));
    }

    @Test
    void section2_4_longTermAuthentication_withSaslPreppedPassword() {
        assertEquals(Rfc5769.LONG_TERM_PASSWORD, StringPrep.saslPrep(Rfc5769.LONG_TERM_PASSWORD_RAW));
        byte[] key = LongTermKey.md5(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM,
                StringPrep.saslPrep(Rfc5769.LONG_TERM_PASSWORD_RAW));
        byte[] wire = Rfc5769.longTermRequest();
        StunMessage m = decodeAndVerify(wire, key, false);
        assertEquals(Rfc5769.LONG_TERM_USERNAME, m.get(Username.class).value());
        assertEquals(18, m.get(Username.class).value().getBytes(StandardCharsets.UTF_8).length);
        assertEquals(Rfc5769.NONCE, m.get(Nonce.class).value());
        assertEquals(Rfc5769.REALM, m.get(Realm.class).value());
        assertReencodes(wire, m, new EncodeOptions(key, null, false, 0));
    }

    @Test
    void section2_4_failsWithTheUnpreparedPassword() {
        // OpaqueString (NFC) leaves U+00AD, U+00AA and U+2168 alone, unlike SASLprep.
        byte[] key = LongTermKey.md5(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, Rfc5769.LONG_TERM_PASSWORD_RAW);
        ByteBuf buf = copy(Rfc5769.longTermRequest());
        try {
            DecodeResult r = StunDecoder.decode(buf);
            assertFalse(MessageIntegrityCheck.forCurrentThread().verify(buf, r, key));
        } finally {
            buf.release();
        }
    }

    private static StunMessage decodeAndVerify(byte[] wire, byte[] key, boolean hasFingerprint) {
        ByteBuf buf = copy(wire);
        try {
            DecodeResult r = StunDecoder.decode(buf);
            assertTrue(r.isSuccess(), () -> r.toString());
            assertEquals(wire.length, r.messageLength());
            assertEquals(hasFingerprint ? wire.length - 8 : -1, r.fingerprintOffset());
            int integrityAt = wire.length - (hasFingerprint ? 8 : 0) - 24;
            assertEquals(integrityAt, r.integrityOffset());
            assertTrue(MessageIntegrityCheck.forCurrentThread().verify(buf, r, key), "integrity verifies");
            byte[] wrong = key.clone();
            wrong[0] ^= 1;
            assertFalse(MessageIntegrityCheck.forCurrentThread().verify(buf, r, wrong), "wrong key fails");
            assertEquals(0, buf.readerIndex(), "decode does not consume");
            return r.message();
        } finally {
            buf.release();
            assertEquals(0, buf.refCnt());
        }
    }

    private static void assertReencodes(byte[] wire, StunMessage m, EncodeOptions options) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            int n = StunEncoder.encode(m, out, options);
            assertEquals(wire.length, n);
            assertArrayEquals(wire, ByteBufUtil.getBytes(out), () -> ByteBufUtil.hexDump(out));
        } finally {
            out.release();
        }
    }

    static ByteBuf copy(byte[] wire) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire);
    }
}
