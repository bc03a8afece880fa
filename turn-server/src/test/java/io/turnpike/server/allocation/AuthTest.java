package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.MessageIntegrityCheck;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.protocol.attribute.PasswordAlgorithms;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.auth.SecurityFeatures;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The long-term credential mechanism (RFC 8489 §9.2.4) as the TURN server applies it, for RFC 5389
 * clients and for RFC 8489 clients (SHA-256 key, MESSAGE-INTEGRITY-SHA256, USERHASH).
 */
@ExtendWith(LeakCheck.class)
class AuthTest {
    private TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start("");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private TurnClient client(String user, String password) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(user, password);
    }

    @Test
    void unauthenticatedAllocateGets401WithRealmAndNonceWithinThreeTimesItsSize() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            StunMessage request = TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build();
            byte[] bytes = TurnClient.encode(request, null);
            // The minimal Allocate: header + REQUESTED-TRANSPORT, no FINGERPRINT.
            byte[] minimal = java.util.Arrays.copyOf(bytes, 28);
            minimal[3] = 8;
            c.sendRaw(minimal);
            byte[] answer = c.receiveRaw(3000);
            assertNotNull(answer);
            assertTrue(answer.length <= 84, "issue 5: answer " + answer.length + " bytes > 3 x 28");
            StunMessage response = TurnClient.decode(answer);
            assertEquals(401, TurnClient.errorCode(response));
            assertEquals("turnpike", response.get(Realm.class).value());
            assertNotNull(response.get(Nonce.class));
            assertNull(response.get(Software.class), "no SOFTWARE in error responses");
            assertNull(response.get(MessageIntegrity.class));
            assertEquals(AuthFailure.CHALLENGE, s.events.authFailures.get(0));
        }
    }

    @Test
    void wrongPasswordGets401() throws Exception {
        try (TurnClient c = client(TestServer.USER, "not-the-password")) {
            StunMessage response = c.allocate();
            assertEquals(401, TurnClient.errorCode(response));
            assertNotNull(response.get(Nonce.class));
            assertTrue(s.events.authFailures.contains(AuthFailure.BAD_INTEGRITY));
            assertTrue(s.events.created.isEmpty());
        }
    }

    @Test
    void unknownUserGets401() throws Exception {
        try (TurnClient c = client("mallory", "x")) {
            assertEquals(401, TurnClient.errorCode(c.allocate()));
            assertTrue(s.events.authFailures.contains(AuthFailure.UNKNOWN_USER));
        }
    }

    @Test
    void integrityWithoutNonceGets400() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            StunMessage noNonce = TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17))
                    .add(new Username(TestServer.USER)).add(new Realm("turnpike")).build();
            c.sendRaw(TurnClient.encode(noNonce, c.key()));
            assertEquals(400, TurnClient.errorCode(c.awaitResponse(noNonce.transactionId())));
        }
    }

    @Test
    void expiredNonceGets438WithAFreshNonceThatThenWorks() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            String old = c.nonce();
            s.clock.advance(Duration.ofSeconds(601));
            StunMessage retried = c.allocate();
            assertTrue(c.lastWasStale(), "the first attempt got 438");
            assertFalse(old.equals(c.nonce()), "438 carries a new nonce");
            assertEquals(0, TurnClient.errorCode(retried), "retry with the new nonce succeeds");
            assertTrue(s.events.authFailures.contains(AuthFailure.STALE_NONCE));
        }
    }

    @Test
    void forgedNonceGets438() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            c.nonce("AAAAAAAAAAAAAAAA");
            assertEquals(0, TurnClient.errorCode(c.allocate()));
            assertTrue(c.lastWasStale(), "the forged nonce got 438");
            assertTrue(s.events.authFailures.contains(AuthFailure.STALE_NONCE));
        }
    }

    @Test
    void restCredentialFromEitherRotatedSecretWorks() throws Exception {
        long expiry = s.clock.millis() / 1000 + 3600;
        for (String secret : new String[] {TestServer.SECRET, TestServer.OLD_SECRET}) {
            RestCredentials.Credential cred = RestCredentials.mint(secret.getBytes(StandardCharsets.UTF_8), expiry,
                    "carol");
            try (TurnClient c = client(cred.username(), cred.password())) {
                assertEquals(0, TurnClient.errorCode(c.allocate()));
            }
        }
        assertEquals("carol", s.events.created.get(0).userTag());
    }

    @Test
    void expiredRestUsernameGets401() throws Exception {
        RestCredentials.Credential cred = RestCredentials.mint(TestServer.SECRET.getBytes(StandardCharsets.UTF_8),
                s.clock.millis() / 1000 - 1, "dave");
        try (TurnClient c = client(cred.username(), cred.password())) {
            assertEquals(401, TurnClient.errorCode(c.allocate()));
            assertTrue(s.events.authFailures.contains(AuthFailure.EXPIRED));
        }
    }

    @Test
    void restCredentialMintedWithAnUnknownSecretGets401() throws Exception {
        RestCredentials.Credential cred = RestCredentials.mint("some-other-secret-xyz".getBytes(StandardCharsets.UTF_8),
                s.clock.millis() / 1000 + 600, "eve");
        try (TurnClient c = client(cred.username(), cred.password())) {
            assertEquals(401, TurnClient.errorCode(c.allocate()));
        }
    }

    @Test
    void requestWithOtherUsernameOnTheAllocationGets441() throws Exception {
        RestCredentials.Credential other = RestCredentials.mint(TestServer.SECRET.getBytes(StandardCharsets.UTF_8),
                s.clock.millis() / 1000 + 600, "frank");
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            assertEquals(0, TurnClient.errorCode(c.allocate()));
            // RFC 8656 §5: same 5-tuple, valid credentials, but not the allocation's USERNAME.
            c.credentials(other.username(), other.password());
            c.challenge(TurnClient.newRequest(StunMethod.REFRESH).build());
            assertEquals(441, TurnClient.errorCode(c.request(StunMethod.REFRESH)));
        }
    }

    @Test
    void successResponsesCarryIntegrityAndSoftware() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            StunMessage ok = c.allocate();
            assertNotNull(ok.get(MessageIntegrity.class));
            assertEquals("Turnpike", ok.get(Software.class).value());
        }
    }

    /** Decodes {@code bytes} and checks its integrity attribute of the given kind with {@code key}. */
    private static boolean verifies(byte[] bytes, byte[] key, boolean sha256) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            DecodeResult r = StunDecoder.decode(buf);
            MessageIntegrityCheck check = MessageIntegrityCheck.forCurrentThread();
            return sha256 ? r.integritySha256Offset() >= 0 && check.verifySha256(buf, r.integritySha256Offset(), key)
                    : r.integrityOffset() >= 0 && check.verifySha1(buf, r.integrityOffset(), key);
        } finally {
            buf.release();
        }
    }

    @Test
    void sha256AllocateAndCreatePermissionOverUdp_section9_2_5() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD).rfc8489(false)) {
            StunMessage allocated = c.allocate(new Lifetime(300));
            assertEquals(0, TurnClient.errorCode(allocated), allocated::toString);
            assertEquals(PasswordAlgorithm.SHA256, c.algorithm().algorithm(), "first offered algorithm taken");
            byte[] key = LongTermKey.sha256(TestServer.USER, s.server.settings().realm(), TestServer.PASSWORD);
            // §9.2.4: the response carries MESSAGE-INTEGRITY-SHA256 with the SHA-256 key, not MESSAGE-INTEGRITY.
            assertNotNull(allocated.get(MessageIntegritySha256.class));
            assertNull(allocated.get(MessageIntegrity.class));
            assertTrue(verifies(c.lastResponse(), key, true));
            StunMessage permitted = c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("127.0.0.1", 40000)));
            assertEquals(0, TurnClient.errorCode(permitted));
            assertTrue(verifies(c.lastResponse(), key, true), "later requests too");
            assertEquals(1, s.server.allocationCount());
        }
    }

    @Test
    void rfc5389ClientKeepsMd5AndMessageIntegrity() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD)) {
            StunMessage challenge = c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE)
                    .add(new RequestedTransport(17)).build());
            assertEquals(401, TurnClient.errorCode(challenge));
            // A 36-byte Allocate (REQUESTED-TRANSPORT, FINGERPRINT) gets the cookie within 3 x its size
            // (issue 5), the reason phrase left out to make room.
            assertTrue(c.lastResponse().length <= 3 * 36, c.lastResponse().length + " bytes");
            // It sees the cookie and the list but, knowing neither, answers as RFC 5389 says.
            assertTrue(challenge.get(Nonce.class).value().startsWith(SecurityFeatures.COOKIE_PREFIX));
            assertNotNull(challenge.get(PasswordAlgorithms.class));
            StunMessage allocated = c.allocate();
            assertEquals(0, TurnClient.errorCode(allocated));
            assertNull(allocated.get(MessageIntegritySha256.class));
            assertTrue(verifies(c.lastResponse(), LongTermKey.md5(TestServer.USER, s.server.settings().realm(),
                    TestServer.PASSWORD), false));
        }
    }

    @Test
    void userHashAllocateForAStaticUser_section14_4() throws Exception {
        try (TurnClient c = client(TestServer.USER, TestServer.PASSWORD).rfc8489(true)) {
            StunMessage allocated = c.allocate();
            assertEquals(0, TurnClient.errorCode(allocated), allocated::toString);
            assertEquals(TestServer.USER, s.events.created.get(0).username());
        }
    }

    @Test
    void userHashOfARestCredentialGets401_section9_2_4() throws Exception {
        RestCredentials.Credential rest = RestCredentials.mint(TestServer.SECRET.getBytes(StandardCharsets.UTF_8),
                s.clock.millis() / 1000 + 600, "carol");
        try (TurnClient c = client(rest.username(), rest.password()).rfc8489(true)) {
            StunMessage refused = c.allocate();
            assertEquals(401, TurnClient.errorCode(refused));
            assertNotNull(refused.get(PasswordAlgorithms.class), "a 401 carries PASSWORD-ALGORITHMS");
            assertTrue(s.events.authFailures.contains(AuthFailure.UNKNOWN_USER), s.events.authFailures::toString);
        }
        try (TurnClient c = client(rest.username(), rest.password()).rfc8489(false)) {
            assertEquals(0, TurnClient.errorCode(c.allocate()), "the same credential with USERNAME and SHA-256");
        }
    }
}
