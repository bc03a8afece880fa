package io.turnpike.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.EncodeOptions;
import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.protocol.attribute.PasswordAlgorithms;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.UserHash;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.server.events.AuthFailure;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 8489 §9.2.4 as {@link Authenticator} applies it: the nonce cookie, PASSWORD-ALGORITHMS and its
 * bid-down checks, MESSAGE-INTEGRITY-SHA256, the SHA-256 key, USERHASH, and the Appendix B.1 sample.
 * Every buffer is checked for release.
 */
class Rfc8489AuthenticatorTest {
    private static final String REALM = "example.org";
    /** Appendix B.1's user: USERHASH and key are the RFC's ("TheMatrIX" is the prepared password). */
    private static final String B1_USER = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    private static final String B1_NONCE = "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA";
    private static final byte[] SECRET = "a-shared-secret-of-some-length".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000_000L;

    private final InetAddress client = InetAddress.getLoopbackAddress();
    private final NonceService nonces = new NonceService(new SecureRandom(), 600_000);
    private final Authenticator auth = new Authenticator(REALM, nonces, CredentialStores.firstOf(List.of(
            new StaticUsers(Map.of("alice", "wonderland", B1_USER, "TheMatrIX"), REALM),
            new SharedSecrets(List.of(SECRET), REALM))),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), SecurityFeatures.DEFAULT);
    private final String restUser = (NOW / 1000 + 3600) + ":bob";
    private final String restPassword = RestCredentials.password(SECRET, restUser);

    /** A 401 built the way the dispatcher builds it, with {@code room} bytes for the challenge. */
    private StunMessage challenge(int room) {
        StunMessage.Builder b = StunMessage.builder(StunMethod.ALLOCATE, StunClass.ERROR_RESPONSE,
                TransactionId.random(new SecureRandom()));
        auth.addChallenge(b, client, room);
        return b.build();
    }

    private String cookieNonce() {
        return challenge(1000).get(Nonce.class).value();
    }

    private static StunMessage.Builder allocate() {
        return StunMessage.builder(StunMethod.ALLOCATE, StunClass.REQUEST, TransactionId.random(new SecureRandom()))
                .add(new RequestedTransport(17));
    }

    /** {@code request} with USERNAME, REALM, NONCE and {@code extra}. */
    private static StunMessage signed(String user, String nonce, StunAttribute... extra) {
        StunMessage.Builder b = allocate().add(new Username(user)).add(new Realm(REALM)).add(new Nonce(nonce));
        for (StunAttribute a : extra) {
            b.add(a);
        }
        return b.build();
    }

    private static EncodeOptions sha256(byte[] key) {
        return new EncodeOptions(null, key, true, 0);
    }

    private AuthResult authenticate(StunMessage request, EncodeOptions options) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            StunEncoder.encode(request, buf, options);
            return authenticateBytes(buf);
        } finally {
            buf.release();
            assertEquals(0, buf.refCnt());
        }
    }

    private AuthResult authenticateBytes(ByteBuf buf) {
        DecodeResult decoded = StunDecoder.decode(buf);
        assertTrue(decoded.isSuccess(), decoded::toString);
        return auth.authenticate(decoded.message(), decoded, buf, client);
    }

    private static PasswordAlgorithms offer() {
        return SecurityFeatures.DEFAULT.attribute();
    }

    private static PasswordAlgorithm sha256Algorithm() {
        return new PasswordAlgorithm(PasswordAlgorithm.SHA256);
    }

    @Test
    void requestWithoutIntegrityGets401WithCookieAndPasswordAlgorithms_section9_2_4() {
        assertEquals(401, authenticate(allocate().build(), EncodeOptions.NONE).errorCode());
        StunMessage challenge = challenge(1000);
        String nonce = challenge.get(Nonce.class).value();
        // §9.2: "obMatJos2" + base64 of the 24 feature bits; bit 0 (Password algorithms) set.
        assertTrue(nonce.startsWith("obMatJos2AAAB"), nonce);
        assertEquals(SecurityFeatures.PASSWORD_ALGORITHMS_BIT, SecurityFeatures.bitsOf(nonce));
        assertEquals(REALM, challenge.get(Realm.class).value());
        assertEquals(List.of(sha256Algorithm(), new PasswordAlgorithm(PasswordAlgorithm.MD5)),
                challenge.get(PasswordAlgorithms.class).algorithms(), "SHA-256 preferred, MD5 offered");
        assertEquals(NonceService.Verdict.VALID, nonces.check(nonce, client, NOW));
    }

    @Test
    void challengeWithoutRoomForTheCookieIsRfc5389Style() {
        StunMessage challenge = challenge(40);
        assertEquals(NonceService.NONCE_LENGTH, challenge.get(Nonce.class).value().length());
        assertEquals(-1, SecurityFeatures.bitsOf(challenge.get(Nonce.class).value()));
        // §9.2.5: a cookie with the bit but no PASSWORD-ALGORITHMS would stop RFC 8489 clients; no cookie, no list.
        assertNull(challenge.get(PasswordAlgorithms.class));
    }

    @Test
    void sha256RequestVerifiesWithSha256KeyAndIsAnsweredWithIntegritySha256_section9_2_4() {
        byte[] key = LongTermKey.sha256("alice", REALM, "wonderland");
        AuthResult r = authenticate(signed("alice", cookieNonce(), offer(), sha256Algorithm()), sha256(key));
        assertTrue(r.ok(), r::toString);
        assertTrue(r.integrity().sha256(), "any response carries MESSAGE-INTEGRITY-SHA256");
        assertArrayEquals(key, r.integrity().key());
    }

    @Test
    void requestWithoutAlgorithmAttributesIsMd5AndAnsweredWithMessageIntegrity_section9_2_4() {
        // An RFC 5389 client echoing a cookie nonce: processed as though PASSWORD-ALGORITHM were MD5.
        byte[] key = LongTermKey.md5("alice", REALM, "wonderland");
        AuthResult r = authenticate(signed("alice", cookieNonce()), EncodeOptions.of(key, true));
        assertTrue(r.ok(), r::toString);
        assertFalse(r.integrity().sha256());
        assertArrayEquals(key, r.integrity().key());
        // ...and the same client signing with the SHA-256 key instead is refused: MD5 is the key.
        AuthResult wrong = authenticate(signed("alice", cookieNonce()),
                EncodeOptions.of(LongTermKey.sha256("alice", REALM, "wonderland"), true));
        assertEquals(401, wrong.errorCode());
    }

    @Test
    void md5ChosenFromTheListIsAnsweredWithIntegritySha256_section9_2_4() {
        byte[] key = LongTermKey.md5("alice", REALM, "wonderland");
        AuthResult r = authenticate(signed("alice", cookieNonce(), offer(),
                new PasswordAlgorithm(PasswordAlgorithm.MD5)), sha256(key));
        assertTrue(r.ok(), r::toString);
        assertTrue(r.integrity().sha256(), "only the no-attribute case falls back to MESSAGE-INTEGRITY");
        assertArrayEquals(key, r.integrity().key());
    }

    @Test
    void bidDownChecksGive400_section9_2_4() {
        byte[] key = LongTermKey.sha256("alice", REALM, "wonderland");
        String nonce = cookieNonce();
        PasswordAlgorithms md5Only = new PasswordAlgorithms(List.of(new PasswordAlgorithm(PasswordAlgorithm.MD5)));
        PasswordAlgorithms reordered = new PasswordAlgorithms(List.of(new PasswordAlgorithm(PasswordAlgorithm.MD5),
                sha256Algorithm()));
        PasswordAlgorithms withUnknown = new PasswordAlgorithms(List.of(sha256Algorithm(),
                new PasswordAlgorithm(PasswordAlgorithm.MD5), new PasswordAlgorithm(7)));
        StunMessage[] bad = {
            signed("alice", nonce, sha256Algorithm()), // (1) PASSWORD-ALGORITHM without the list
            signed("alice", nonce, offer()), // (1) the list without PASSWORD-ALGORITHM
            signed("alice", nonce, md5Only, sha256Algorithm()), // (2) the list was cut down on the path
            signed("alice", nonce, reordered, sha256Algorithm()), // (2) ... or reordered
            signed("alice", nonce, withUnknown, sha256Algorithm()), // (2) ... or extended
            signed("alice", nonce, offer(), new PasswordAlgorithm(7)), // (3) not one of the entries
        };
        for (StunMessage m : bad) {
            AuthResult r = authenticate(m, sha256(key));
            assertEquals(400, r.errorCode(), m.toString());
            assertEquals(AuthFailure.MALFORMED, r.failure());
            assertFalse(r.challenges(), "a 400 carries no REALM or NONCE");
        }
    }

    @Test
    void unknownAlgorithmUnderAPlainNonceIs400() {
        String plain = nonces.issue(client, NOW);
        AuthResult r = authenticate(signed("alice", plain, new PasswordAlgorithm(7)),
                sha256(LongTermKey.sha256("alice", REALM, "wonderland")));
        assertEquals(400, r.errorCode());
    }

    @Test
    void messageIntegritySha256IsPreferredOverMessageIntegrity_section9_2_4() {
        byte[] key = LongTermKey.sha256("alice", REALM, "wonderland");
        byte[] wrong = LongTermKey.sha256("alice", REALM, "not-the-password");
        StunMessage m = signed("alice", cookieNonce(), offer(), sha256Algorithm());
        assertTrue(authenticate(m, new EncodeOptions(wrong, key, true, 0)).ok(), "a bad SHA-1 value is not read");
        AuthResult r = authenticate(m, new EncodeOptions(key, wrong, true, 0));
        assertEquals(401, r.errorCode(), "a good SHA-1 value does not rescue a bad SHA-256 one");
        assertEquals(AuthFailure.BAD_INTEGRITY, r.failure());
    }

    @Test
    void restCredentialsHaveASha256KeyToo() {
        byte[] key = LongTermKey.sha256(restUser, REALM, restPassword);
        AuthResult r = authenticate(signed(restUser, cookieNonce(), offer(), sha256Algorithm()), sha256(key));
        assertTrue(r.ok(), r::toString);
        assertEquals("bob", r.credential().userTag());
    }

    @Test
    void userHashFindsAStaticUser_section14_4() {
        StunMessage m = allocate().add(new UserHash(LongTermKey.userHash("alice", REALM))).add(new Realm(REALM))
                .add(new Nonce(cookieNonce())).add(offer()).add(sha256Algorithm()).build();
        AuthResult r = authenticate(m, sha256(LongTermKey.sha256("alice", REALM, "wonderland")));
        assertTrue(r.ok(), r::toString);
        assertEquals("alice", r.username());
    }

    @Test
    void userHashCannotNameARestUserOrNobody_section9_2_4() {
        for (String user : new String[] {restUser, "nobody"}) {
            StunMessage m = allocate().add(new UserHash(LongTermKey.userHash(user, REALM))).add(new Realm(REALM))
                    .add(new Nonce(cookieNonce())).add(offer()).add(sha256Algorithm()).build();
            AuthResult r = authenticate(m, sha256(LongTermKey.sha256(user, REALM, restPassword)));
            // "If the value of the USERNAME or USERHASH attribute is not valid": 401 with a new challenge.
            assertEquals(401, r.errorCode(), user);
            assertEquals(AuthFailure.UNKNOWN_USER, r.failure());
            assertTrue(r.challenges());
        }
    }

    @Test
    void integrityWithoutUsernameOrUserHashIs400_section9_2_4() {
        StunMessage m = allocate().add(new Realm(REALM)).add(new Nonce(cookieNonce())).build();
        assertEquals(400, authenticate(m, EncodeOptions.of(LongTermKey.md5("alice", REALM, "wonderland"), true))
                .errorCode());
    }

    @Test
    void cookieBitsAlteredOnThePathMakeTheNonceStale_section9_2_1() {
        String nonce = cookieNonce();
        String stripped = SecurityFeatures.cookie(0) + nonce.substring(SecurityFeatures.COOKIE_LENGTH);
        byte[] key = LongTermKey.md5("alice", REALM, "wonderland");
        // Without the bit the list is not checked, but the nonce's MAC covers the bits: 438.
        AuthResult r = authenticate(signed("alice", stripped), EncodeOptions.of(key, true));
        assertEquals(438, r.errorCode());
        assertEquals(AuthFailure.STALE_NONCE, r.failure());
    }

    @Test
    void appendixB1SampleRequestIsVerifiedByUserHashAndSha256Key() {
        // The published bytes carry length 0x9c where the attributes add up to 0x88 (see the codec's
        // Rfc8489VectorB1Test), so a decoder must reject them; the same attributes encoded by the
        // rules (byte-identical after the header) are what the authenticator gets.
        ByteBuf published = PooledByteBufAllocator.DEFAULT.buffer().writeBytes(HexFormat.of().parseHex(
                "0001009c2112a44278ad3433c6ad72c029da412e"
                + "001e00204a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704"
                + "001500296f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f4c39465354767936347341000000"
                + "0014000b6578616d706c652e6f726700"
                + "001c0020e4686c8f0edeb59013e07090010a93efccbccc544c0a45d9f830aa6d6f735a01"));
        try {
            assertFalse(StunDecoder.decode(published).isSuccess());
        } finally {
            published.release();
        }
        byte[] key = LongTermKey.sha256(B1_USER, REALM, "TheMatrIX");
        StunMessage b1 = StunMessage.builder(StunMethod.BINDING, StunClass.REQUEST,
                        TransactionId.of(HexFormat.of().parseHex("78ad3433c6ad72c029da412e")))
                .add(new UserHash(HexFormat.of().parseHex(
                        "4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704")))
                .add(new Nonce(B1_NONCE)).add(new Realm(REALM)).build();
        AuthResult r = authenticate(b1, sha256(key));
        // The hash named the user and the SHA-256 key verified (else 401); only the nonce, issued by
        // the RFC's server and not this one, is refused: 438 with a fresh challenge.
        assertEquals(438, r.errorCode(), r::toString);
        assertEquals(B1_USER, r.username());
        // The same request with a nonce of ours passes; no PASSWORD-ALGORITHM(S), so responses carry
        // MESSAGE-INTEGRITY (§9.2.4), keyed with the key that verified.
        StunMessage fresh = StunMessage.builder(StunMethod.BINDING, StunClass.REQUEST, b1.transactionId())
                .add(b1.get(UserHash.class)).add(new Nonce(cookieNonce())).add(new Realm(REALM)).build();
        AuthResult ok = authenticate(fresh, sha256(key));
        assertTrue(ok.ok(), ok::toString);
        assertFalse(ok.integrity().sha256());
        assertArrayEquals(key, ok.integrity().key());
    }
}
