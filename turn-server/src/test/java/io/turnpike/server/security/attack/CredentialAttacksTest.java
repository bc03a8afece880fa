package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.protocol.testing.RawStun;
import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attacks on authentication and on the server as a reflector, as in Enable Security's "TURN server
 * security" research (unauthenticated allocation, credential guessing, amplification) and the TURN
 * REST API scheme's weak points (expired or forged time-limited credentials). Loopback gives a second
 * source address (127.0.0.2) to show that one source's punishment does not touch another.
 */
@ExtendWith(LeakCheck.class)
class CredentialAttacksTest {
    private static final byte[] SECRET = TestServer.SECRET.getBytes(StandardCharsets.UTF_8);

    private static TurnClient client(TestServer s, String user, String password) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(user, password);
    }

    private static TurnClient clientFrom(TestServer s, String ip, String user, String password) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP), InetAddress.getByName(ip)).credentials(user, password);
    }

    /** The minimal Allocate: 20-byte header + REQUESTED-TRANSPORT = 28 bytes, no FINGERPRINT. */
    private static byte[] minimalAllocate() {
        return RawStun.message(0x0003).attr(0x0019, RawStun.b(17, 0, 0, 0)).bytes();
    }

    @Test
    void unauthenticatedAllocateGets401AtMostThreeTimesItsSizeAndNoAllocation() throws Exception {
        try (TestServer s = TestServer.start(""); TurnClient c = client(s, "x", "y")) {
            byte[] request = minimalAllocate();
            assertEquals(28, request.length);
            c.sendRaw(request);
            byte[] answer = c.receiveRaw(3000);
            assertNotNull(answer);
            assertTrue(answer.length <= 3 * 28, "issue 5: " + answer.length + " bytes for a 28-byte request");
            StunMessage response = TurnClient.decode(answer);
            assertEquals(401, TurnClient.errorCode(response));
            assertNull(response.get(Software.class), "no SOFTWARE in error responses");
            // A bare 20-byte TURN request would need a 70+ byte 401 (REALM, NONCE): not answered at all.
            for (StunMethod m : new StunMethod[] {StunMethod.ALLOCATE, StunMethod.REFRESH,
                    StunMethod.CREATE_PERMISSION, StunMethod.CHANNEL_BIND}) {
                byte[] bare = RawStun.message(m.code()).bytes();
                c.sendRaw(bare);
                byte[] reply = c.receiveRaw(500);
                assertTrue(reply == null || reply.length <= 3 * bare.length,
                        m + ": " + (reply == null ? 0 : reply.length) + " bytes for " + bare.length);
            }
            byte[] binding = RawStun.message(0x0001).bytes();
            c.sendRaw(binding);
            byte[] mapped = c.receiveRaw(3000);
            assertTrue(mapped.length <= 3 * binding.length, "Binding: " + mapped.length + " bytes for 20");
            assertEquals(0, s.server.allocationCount());
            assertTrue(s.events.created.isEmpty());
            assertEquals(0, s.server.relayPorts().inUse(), "no relay port was taken");
        }
    }

    @Test
    void emptySoftwareLeavesTheAttributeOutOfEveryResponse() throws Exception {
        try (TestServer s = TestServer.start("turnpike.software = \"\"");
                TurnClient c = client(s, TestServer.USER, TestServer.PASSWORD)) {
            assertNull(c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build()).get(Software.class));
            StunMessage challenge = c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE)
                    .add(new RequestedTransport(17)).build());
            assertNull(challenge.get(Software.class));
            StunMessage allocated = c.allocate();
            assertEquals(0, TurnClient.errorCode(allocated));
            assertNull(allocated.get(Software.class), "success responses too");
            assertNull(c.request(StunMethod.REFRESH).get(Software.class));
            assertNull(c.request(StunMethod.CREATE_PERMISSION,
                    new XorPeerAddress(new InetSocketAddress("127.0.0.1", 9))).get(Software.class));
            assertNull(c.request(StunMethod.REFRESH, new Lifetime(0)).get(Software.class));
        }
    }

    @Test
    void expiredAndForgedRestCredentialsGet401() throws Exception {
        try (TestServer s = TestServer.start("")) {
            long now = s.clock.millis() / 1000;
            RestCredentials.Credential valid = RestCredentials.mint(SECRET, now + 600, "eve");
            String[][] forged = {
                // expired, correctly signed
                credentialOf(RestCredentials.mint(SECRET, now - 1, "eve")),
                // signed with a secret the server does not have
                credentialOf(RestCredentials.mint("guessed-secret".getBytes(StandardCharsets.UTF_8), now + 600, "eve")),
                // expiry pushed into the future, signature kept
                {(now + 86_400) + ":eve", valid.password()},
                // expired credential with its expiry tampered forward
                {(now + 600) + ":eve", RestCredentials.mint(SECRET, now - 3600, "eve").password()},
                // tag changed (another user's quota), signature kept
                {(now + 600) + ":admin", valid.password()},
                // the password of the untampered credential, garbled
                {valid.username(), (valid.password().charAt(0) == 'A' ? "B" : "A") + valid.password().substring(1)},
            };
            for (String[] attempt : forged) {
                try (TurnClient c = client(s, attempt[0], attempt[1])) {
                    assertEquals(401, TurnClient.errorCode(c.allocate()), attempt[0]);
                }
            }
            assertTrue(s.events.authFailures.contains(AuthFailure.EXPIRED));
            assertTrue(s.events.authFailures.contains(AuthFailure.BAD_INTEGRITY));
            assertTrue(s.events.created.isEmpty(), "no allocation for any forgery");
            try (TurnClient c = client(s, valid.username(), valid.password())) {
                assertEquals(0, TurnClient.errorCode(c.allocate()), "the genuine credential works");
            }
        }
    }

    private static StunMessage signedAllocate(TurnClient c) {
        return c.sign(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)));
    }

    private static String[] credentialOf(RestCredentials.Credential c) {
        return new String[] {c.username(), c.password()};
    }

    /**
     * A nonce is bound to the client IP that received it. Replayed from another address with valid
     * credentials, it is "no longer valid" there, and RFC 8489 §9.2.4 answers a request whose nonce is
     * not valid with 438 (Stale Nonce) and a fresh nonce, not 401: the credentials were right.
     */
    @Test
    void nonceReplayedFromAnotherAddressGets438AndNoAllocation() throws Exception {
        try (TestServer s = TestServer.start("");
                TurnClient victim = clientFrom(s, "127.0.0.1", TestServer.USER, TestServer.PASSWORD);
                TurnClient replayer = clientFrom(s, "127.0.0.2", TestServer.USER, TestServer.PASSWORD)) {
            victim.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            replayer.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            String stolen = victim.nonce();
            replayer.nonce(stolen);
            StunMessage request = replayer.sign(TurnClient.newRequest(StunMethod.ALLOCATE)
                    .add(new RequestedTransport(17)));
            replayer.sendRaw(TurnClient.encode(request, replayer.key()));
            StunMessage response = replayer.awaitResponse(request.transactionId());
            assertEquals(438, TurnClient.errorCode(response));
            assertNotEquals(stolen, response.get(Nonce.class).value(), "a fresh nonce for the new address");
            assertTrue(s.events.created.isEmpty());
            assertTrue(s.events.authFailures.contains(AuthFailure.STALE_NONCE));
            assertEquals(0, TurnClient.errorCode(replayer.allocate()), "its own nonce works");
        }
    }

    /**
     * Online guessing of a static user's password from one source: after the free failures every
     * request from that source is dropped unanswered (its guesses are no longer even checked), while
     * a client on another source address allocates normally.
     */
    @Test
    void bruteForceFromOneSourceIsSilencedWhileOtherSourcesAreServed() throws Exception {
        try (TestServer s = TestServer.start("turnpike.security.auth-failure-backoff { free-failures = 3, "
                + "initial = 30s, max = 60s }");
                TurnClient attacker = clientFrom(s, "127.0.0.1", TestServer.USER, "guess");
                TurnClient honest = clientFrom(s, "127.0.0.2", TestServer.USER, TestServer.PASSWORD)) {
            attacker.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
            int answered = 0;
            boolean cutOff = false;
            for (int i = 0; i < 12 && !cutOff; i++) {
                byte[] guessKey = LongTermKey.md5(TestServer.USER, "turnpike", "guess-" + i);
                attacker.sendRaw(TurnClient.encode(signedAllocate(attacker), guessKey));
                if (attacker.receiveRaw(2000) != null) {
                    answered++;
                } else {
                    cutOff = true;
                }
            }
            assertTrue(cutOff, "the guesser was cut off");
            assertTrue(answered >= 3 && answered <= 5, "the free failures were answered: " + answered);
            // While blocked, even the right password from that source is not looked at.
            byte[] rightKey = LongTermKey.md5(TestServer.USER, "turnpike", TestServer.PASSWORD);
            attacker.sendRaw(TurnClient.encode(signedAllocate(attacker), rightKey));
            assertNull(attacker.receiveRaw(500), "blocked source gets nothing");
            assertTrue(s.counters.drops(DropReason.RATE_LIMITED) >= 2);
            assertTrue(s.events.created.isEmpty());
            assertEquals(0, TurnClient.errorCode(honest.allocate()), "another source is unaffected");
            assertEquals(1, s.events.created.size());
        }
    }
}
