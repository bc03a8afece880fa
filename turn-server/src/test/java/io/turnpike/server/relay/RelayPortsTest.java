package io.turnpike.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayPortsTest {
    @Test
    void handsOutEveryPortOnceThenReportsExhaustion() {
        RelayPorts ports = new RelayPorts(50000, 50099);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int p = ports.acquire();
            assertTrue(p >= 50000 && p <= 50099, "in range: " + p);
            assertTrue(seen.add(p), "not handed out twice: " + p);
        }
        assertEquals(-1, ports.acquire(), "RFC 8656 §7.2: 508 when the range is exhausted");
        assertEquals(100, ports.inUse());
        ports.release(50042);
        assertEquals(50042, ports.acquire());
        assertEquals(0, ports.free());
    }

    @Test
    void evenPortsAndEvenPairs() {
        RelayPorts ports = new RelayPorts(50001, 50006); // even ports: 50002, 50004, 50006
        int pairStart = ports.acquireEven(true);
        assertTrue(pairStart == 50002 || pairStart == 50004, "N even and N+1 in range: " + pairStart);
        assertEquals(2, ports.inUse());
        int even = ports.acquireEven(false);
        assertEquals(0, even % 2);
        while (ports.acquireEven(false) > 0) {
            assertTrue(ports.inUse() <= 6);
        }
        assertEquals(-1, ports.acquireEven(true));
    }

    @Test
    void releasingAFreeOrForeignPortIsABug() {
        RelayPorts ports = new RelayPorts(50000, 50001);
        assertThrows(IllegalStateException.class, () -> ports.release(50000));
        assertThrows(IllegalArgumentException.class, () -> ports.release(49999));
    }
}
