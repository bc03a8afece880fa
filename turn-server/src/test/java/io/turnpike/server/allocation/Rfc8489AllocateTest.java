package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.turnpike.protocol.attribute.RequestedTransport;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 8489 clients end to end over UDP: SHA-256 Allocate, USERHASH, and the RFC 5389 client beside
 * them, unchanged (§9.2.4, §9.2.5, §14.4).
 */
@ExtendWith(LeakCheck.class)
class Rfc8489AllocateTest {
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
