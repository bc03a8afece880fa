package io.turnpike.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.UserHash;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.protocol.testing.Rfc5769;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 8489 Appendix B.1 (USERHASH + MESSAGE-INTEGRITY-SHA256).
 *
 * <p>The vector as published is inconsistent: its length field is 0x9c (156, the size of the whole
 * message) where the attributes add up to 0x88 (136), so a conforming decoder must reject it. Its HMAC was
 * computed over the header <em>with that 0x9c length field</em>, not with the length adjusted to end at
 * MESSAGE-INTEGRITY-SHA256 (0x88) as §14.6 requires, using the SHA-256 long-term key of "TheMatrIX". So the
 * published HMAC cannot verify under the RFC's own rules. These tests pin exactly that: USERHASH matches,
 * the HMAC matches only when recomputed the vector's way, and a correctly encoded equivalent verifies.
 */
@ExtendWith(LeakCheck.class)
class Rfc8489VectorB1Test {
    private static final String NONCE = "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA";
    private static final byte[] PUBLISHED = Rfc5769.hex("0001009c2112a44278ad3433c6ad72c029da412e"
            + "001e00204a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704"
            + "001500296f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f4c39465354767936347341000000"
            + "0014000b6578616d706c652e6f726700"
            + "001c0020e4686c8f0edeb59013e07090010a93efccbccc544c0a45d9f830aa6d6f735a01");
    private static final byte[] KEY = LongTermKey.sha256(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM, "TheMatrIX");

    @Test
    void userHashMatchesTheVector() {
        byte[] expected = new byte[32];
        System.arraycopy(PUBLISHED, 24, expected, 0, 32);
        assertArrayEquals(expected, LongTermKey.userHash(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM));
    }

    @Test
    void publishedLengthFieldIsRejected_rfc8489Section5() {
        ByteBuf buf = Rfc5769VectorsTest.copy(PUBLISHED);
        try {
            assertEquals(DecodeError.Kind.LENGTH_MISMATCH, StunDecoder.decode(buf).error().kind());
        } finally {
            buf.release();
        }
    }

    @Test
    void publishedHmacMatchesOnlyWithTheUnadjustedLengthField() throws Exception {
        byte[] prefix = new byte[PUBLISHED.length - 36];
        System.arraycopy(PUBLISHED, 0, prefix, 0, prefix.length);
        byte[] published = new byte[32];
        System.arraycopy(PUBLISHED, PUBLISHED.length - 32, published, 0, 32);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertArrayEquals(published, mac.doFinal(prefix), "vector computed with length field 0x9c");

        byte[] corrected = PUBLISHED.clone();
        corrected[3] = (byte) 0x88;
        ByteBuf buf = Rfc5769VectorsTest.copy(corrected);
        try {
            DecodeResult r = StunDecoder.decode(buf);
            assertTrue(r.isSuccess(), r::toString);
            assertEquals(NONCE, r.message().get(Nonce.class).value());
            assertFalse(MessageIntegrityCheck.forCurrentThread().verify(buf, r, KEY),
                    "RFC 8489 §14.6 adjusts the length to 0x88, which the published HMAC did not use");
        } finally {
            buf.release();
        }
    }

    @Test
    void sameMessageEncodedByTheRulesVerifies() {
        StunMessage m = StunMessage.builder(StunMethod.BINDING, StunClass.REQUEST,
                        TransactionId.of(Rfc5769.hex("78ad3433c6ad72c029da412e")))
                .add(new UserHash(LongTermKey.userHash(Rfc5769.LONG_TERM_USERNAME, Rfc5769.REALM)))
                .add(new Nonce(NONCE)).add(new Realm(Rfc5769.REALM)).build();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(m, out, EncodeOptions.NONE.withSha256Key(KEY));
            byte[] bytes = ByteBufUtil.getBytes(out);
            assertEquals(0x88, bytes[3] & 0xFF);
            byte[] publishedBody = new byte[PUBLISHED.length - 36 - 4];
            System.arraycopy(PUBLISHED, 4, publishedBody, 0, publishedBody.length);
            byte[] ourBody = new byte[publishedBody.length];
            System.arraycopy(bytes, 4, ourBody, 0, ourBody.length);
            assertArrayEquals(publishedBody, ourBody, "same attributes, byte for byte");
            DecodeResult r = StunDecoder.decode(out);
            assertTrue(r.message().has(MessageIntegritySha256.class));
            assertTrue(MessageIntegrityCheck.forCurrentThread().verify(out, r, KEY));
        } finally {
            out.release();
        }
    }
}
