package io.turnpike.server.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The security area's limits as the engine applies them (RFC 8656 §7.2 step 10, §21.3.1). */
@ExtendWith(LeakCheck.class)
class LimitsTest {

    private static TurnClient client(TestServer s, String user, String password) throws Exception {
        return TurnClient.udp(s.server.address(Transport.UDP)).credentials(user, password);
    }

    @Test
    void perUserQuotaGets486AndDeletingFreesIt() throws Exception {
        try (TestServer s = TestServer.start("turnpike.security.max-allocations-per-user = 1");
                TurnClient a = client(s, TestServer.USER, TestServer.PASSWORD);
                TurnClient b = client(s, TestServer.USER, TestServer.PASSWORD)) {
            assertEquals(0, TurnClient.errorCode(a.allocate()));
            assertEquals(486, TurnClient.errorCode(b.allocate()));
            a.request(StunMethod.REFRESH, new Lifetime(0));
            assertEquals(0, TurnClient.errorCode(b.allocate()), "the reservation was returned");
        }
    }

    @Test
    void restUsernamesCountByTheirTag() throws Exception {
        byte[] secret = TestServer.SECRET.getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        RestCredentials.Credential one = RestCredentials.mint(secret, now + 600, "gina");
        RestCredentials.Credential two = RestCredentials.mint(secret, now + 700, "gina");
        try (TestServer s = TestServer.start("turnpike.security.max-allocations-per-user = 1");
                TurnClient a = client(s, one.username(), one.password());
                TurnClient b = client(s, two.username(), two.password())) {
            assertEquals(0, TurnClient.errorCode(a.allocate()));
            assertEquals(486, TurnClient.errorCode(b.allocate()));
        }
    }

    @Test
    void serverWideCapGets508() throws Exception {
        byte[] secret = TestServer.SECRET.getBytes(StandardCharsets.UTF_8);
        RestCredentials.Credential other = RestCredentials.mint(secret, System.currentTimeMillis() / 1000 + 600, "h");
        try (TestServer s = TestServer.start("turnpike.security.max-allocations = 1");
                TurnClient a = client(s, TestServer.USER, TestServer.PASSWORD);
                TurnClient b = client(s, other.username(), other.password())) {
            assertEquals(0, TurnClient.errorCode(a.allocate()));
            assertEquals(508, TurnClient.errorCode(b.allocate()));
        }
    }

    @Test
    void unauthenticatedRequestsBeyondTheBurstAreDroppedUnanswered() throws Exception {
        try (TestServer s = TestServer.start(
                "turnpike.security.rate-limit { unauthenticated-per-second = 1, burst = 3 }");
                TurnClient c = TurnClient.udp(s.server.address(Transport.UDP))) {
            for (int i = 0; i < 10; i++) {
                c.sendRaw(TurnClient.encode(TurnClient.newRequest(StunMethod.BINDING).build(), null));
            }
            int answers = c.drain().size();
            assertTrue(answers >= 3 && answers <= 5, "the burst of 3 (plus at most a refill or two) answered, got " + answers);
            assertEquals(10 - answers, s.counters.drops(DropReason.RATE_LIMITED));
        }
    }

    @Test
    void relayedBytesBeyondTheBandwidthBudgetAreDropped() throws Exception {
        try (TestServer s = TestServer.start("turnpike.security.max-bandwidth-per-allocation = 1000");
                TurnClient c = client(s, TestServer.USER, TestServer.PASSWORD); Peer peer = new Peer()) {
            c.allocate();
            c.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000), new XorPeerAddress(peer.address()));
            byte[] payload = new byte[1000];
            for (int i = 0; i < 100; i++) { // 100 kB against a 64 KiB burst and 1 kB/s
                c.sendChannelData(0x4000, payload);
                if (i % 10 == 9) {
                    Thread.sleep(5); // paced so that no socket buffer overflows; the budget refills 5 bytes
                }
            }
            int received = 0;
            while (peer.receive(300) != null) {
                received++;
            }
            assertTrue(received >= 60 && received <= 70, "about the 64 KiB burst passed: " + received);
            assertEquals(100 - received, s.counters.drops(DropReason.QUOTA), "every packet not relayed was dropped as quota");
        }
    }
}
