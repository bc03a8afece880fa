package io.turnpike.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.testing.LeakCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MESSAGE-INTEGRITY(-SHA256) over the right prefix with the adjusted length (RFC 8489 §14.5, §14.6). */
@ExtendWith(LeakCheck.class)
class MessageIntegrityTest {
    private static final TransactionId TXID = TransactionId.of(0x1122334455667788L, 0x99AABBCC);
    private static final byte[] KEY = LongTermKey.md5("alice", "turnpike", "wonderland");
    private static final byte[] KEY256 = LongTermKey.sha256("alice", "turnpike", "wonderland");

    private static StunMessage allocate() {
        return StunMessage.builder(StunMethod.ALLOCATE, StunClass.REQUEST, TXID)
                .add(new RequestedTransport(17)).add(new Username("alice")).add(new Realm("turnpike"))
                .add(new Nonce("abcdef")).build();
    }

    @Test
    void longTermKeyIsMd5OfUsernameRealmPassword_rfc8489Section9_2_2() throws Exception {
        byte[] expected = MessageDigest.getInstance("MD5").digest("alice:turnpike:wonderland".getBytes());
        assertArrayEquals(expected, KEY);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest("alice:turnpike:wonderland".getBytes()), KEY256);
        assertArrayEquals(KEY, LongTermKey.forAlgorithm(1, "alice", "turnpike", "wonderland"));
        assertArrayEquals(KEY256, LongTermKey.forAlgorithm(2, "alice", "turnpike", "wonderland"));
        assertEquals(null, LongTermKey.forAlgorithm(3, "alice", "turnpike", "wonderland"));
        assertArrayEquals("pass".getBytes(StandardCharsets.UTF_8), LongTermKey.shortTerm("pass"));
    }

    @Test
    void sha1CoversPrefixWithLengthAdjustedToEndAtIntegrity() throws Exception {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(allocate(), out, KEY, true);
            byte[] wire = ByteBufUtil.getBytes(out);
            DecodeResult r = StunDecoder.decode(out);
            int at = r.integrityOffset();
            byte[] prefix = java.util.Arrays.copyOf(wire, at);
            int adjusted = at - 20 + 24;
            prefix[2] = (byte) (adjusted >> 8);
            prefix[3] = (byte) adjusted;
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(KEY, "HmacSHA1"));
            assertArrayEquals(mac.doFinal(prefix), java.util.Arrays.copyOfRange(wire, at + 4, at + 24));
            assertEquals(wire.length - 8, r.fingerprintOffset(), "FINGERPRINT follows and is counted in the header");
            assertTrue(MessageIntegrityCheck.forCurrentThread().verify(out, r, KEY));
        } finally {
            out.release();
        }
    }

    @Test
    void sha256AndSha1TogetherEachVerify_sha256Preferred() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(allocate(), out, new EncodeOptions(KEY, KEY256, true, 0));
            DecodeResult r = StunDecoder.decode(out);
            MessageIntegrityCheck check = new MessageIntegrityCheck();
            assertTrue(check.verifySha1(out, r.integrityOffset(), KEY));
            assertTrue(check.verifySha256(out, r.integritySha256Offset(), KEY256));
            assertTrue(check.verify(out, r, KEY256), "verify() uses SHA-256 when present");
            assertFalse(check.verify(out, r, KEY));
        } finally {
            out.release();
        }
    }

    @Test
    void truncatedSha256Verifies() throws Exception {
        // RFC 8489 §14.6: the value may be truncated to 16..32 bytes (multiple of 4).
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(allocate(), out, EncodeOptions.NONE);
            int prefix = out.readableBytes();
            out.setShort(2, prefix - 20 + 4 + 16);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY256, "HmacSHA256"));
            byte[] full = mac.doFinal(ByteBufUtil.getBytes(out));
            out.writeShort(0x001C).writeShort(16).writeBytes(full, 0, 16);
            DecodeResult r = StunDecoder.decode(out);
            assertTrue(r.isSuccess(), r::toString);
            assertTrue(MessageIntegrityCheck.forCurrentThread().verify(out, r, KEY256));
        } finally {
            out.release();
        }
    }

    @Test
    void anyFlippedBitBeforeOrInTheHmacFailsVerification() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(allocate(), out, KEY, false);
            DecodeResult r = StunDecoder.decode(out);
            MessageIntegrityCheck check = new MessageIntegrityCheck();
            for (int i = 0; i < out.readableBytes(); i++) {
                if (i == 2 || i == 3) {
                    continue; // the length field is replaced by the adjusted length anyway
                }
                out.setByte(i, out.getByte(i) ^ 0x10);
                assertFalse(check.verifySha1(out, r.integrityOffset(), KEY), "flip at byte " + i);
                out.setByte(i, out.getByte(i) ^ 0x10);
            }
            assertTrue(check.verifySha1(out, r.integrityOffset(), KEY));
        } finally {
            out.release();
        }
    }

    @Test
    void alternatingKeysOnOneInstanceStayCorrect() {
        byte[] other = LongTermKey.md5("bob", "turnpike", "builder");
        ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer();
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(allocate(), a, KEY, false);
            StunEncoder.encode(allocate(), b, other, false);
            DecodeResult ra = StunDecoder.decode(a);
            DecodeResult rb = StunDecoder.decode(b);
            MessageIntegrityCheck check = new MessageIntegrityCheck();
            for (int i = 0; i < 3; i++) {
                assertTrue(check.verify(a, ra, KEY));
                assertFalse(check.verify(a, ra, other));
                assertTrue(check.verify(b, rb, other));
                assertFalse(check.verify(b, rb, KEY));
            }
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void badInputsAreFalseNotExceptions() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(allocate(), out, KEY, false);
            DecodeResult r = StunDecoder.decode(out);
            MessageIntegrityCheck check = new MessageIntegrityCheck();
            assertFalse(check.verifySha1(out, r.integrityOffset(), new byte[0]));
            assertFalse(check.verifySha1(out, r.integrityOffset(), null));
            assertFalse(check.verifySha1(out, 4, KEY));
            assertFalse(check.verifySha1(out, out.readableBytes(), KEY));
            assertFalse(check.verifySha1(out, 20, KEY), "offset of a non-integrity attribute");
            assertFalse(check.verify(out, StunDecoder.decode(out.slice(0, 10)), KEY));
        } finally {
            out.release();
        }
    }

    @Test
    void stringPreparation() {
        assertEquals("TheMatrIX", StringPrep.saslPrep("The\u00ADM\u00AAtr\u2168"));
        assertEquals("a b", StringPrep.opaqueString("a\u00A0b"), "non-ASCII space mapped (RFC 8265 §4.2.2)");
        assertEquals("\u00E9", StringPrep.opaqueString("e\u0301"), "NFC");
        assertEquals("TheMatrIX", StringPrep.opaqueString("TheMatrIX"));
    }
}
