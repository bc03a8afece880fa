package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Allocation exhaustion (RFC 8656 §21.3.1; Enable Security's "TURN server security" research lists it
 * as the denial of service one stolen credential enables): one user opens allocations from many
 * 5-tuples to hold every relay port. The per-user quota stops it with 486 while other users still
 * allocate; the server-wide cap, and the relay port range itself, give 508.
 */
@ExtendWith(LeakCheck.class)
class AllocationExhaustionTest {
    private static final byte[] SECRET = TestServer.SECRET.getBytes(StandardCharsets.UTF_8);

    /** Allocates from a fresh 5-tuple as {@code name} (a REST credential); returns the error code. */
    private static int allocate(TestServer s, List<TurnClient> held, String name) throws Exception {
        RestCredentials.Credential cred = RestCredentials.mint(SECRET, s.clock.millis() / 1000 + 600, name);
        TurnClient c = TurnClient.udp(s.server.address(Transport.UDP)).credentials(cred.username(), cred.password());
        held.add(c);
        return TurnClient.errorCode(c.allocate());
    }

    @Test
    void oneUserHitsItsQuotaWhileOthersAllocateUntilTheServerCap() throws Exception {
        List<TurnClient> held = new ArrayList<>();
        try (TestServer s = TestServer.start(
                "turnpike.security { max-allocations-per-user = 4, max-allocations = 7 }")) {
            for (int i = 0; i < 4; i++) {
                assertEquals(0, allocate(s, held, "mallory"), "within mallory's quota");
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(486, allocate(s, held, "mallory"), "486 Allocation Quota Reached");
            }
            assertEquals(0, allocate(s, held, "alice"), "another user is unaffected");
            assertEquals(0, allocate(s, held, "bob"));
            assertEquals(0, allocate(s, held, "carol"));
            assertEquals(508, allocate(s, held, "dave"), "server-wide cap: 508 Insufficient Capacity");
            assertEquals(7, s.server.allocationCount());
            assertEquals(7, s.server.relayPorts().inUse(), "refused requests took no relay port");
            assertEquals(List.of(486, 486, 486, 508), s.events.refused);
        } finally {
            for (TurnClient c : held) {
                c.close();
            }
        }
    }

    @Test
    void withoutQuotasTheRelayPortRangeStillEndsIn508() throws Exception {
        List<TurnClient> held = new ArrayList<>();
        try (TestServer s = TestServer.start(
                "turnpike.security { max-allocations-per-user = 0, max-allocations = 0 }")) {
            int capacity = s.server.relayPorts().capacity();
            for (int i = 0; i < capacity; i++) {
                assertEquals(0, allocate(s, held, "mallory"), "allocation " + i);
            }
            assertEquals(508, allocate(s, held, "alice"), "every relay port is taken");
            assertEquals(capacity, s.server.allocationCount());
        } finally {
            for (TurnClient c : held) {
                c.close();
            }
        }
    }
}
