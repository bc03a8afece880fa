package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5's resource test: 10,000 allocations are created and ended, in rounds of {@value #BATCH}
 * 5-tuples, alternately by expiry (the test clock moves past the lifetime and the sweep runs) and by
 * Refresh with LIFETIME 0 (RFC 8656 §7.3). Afterwards the allocation table is empty, every relay port
 * is back in the pool, the process holds no more file descriptors than before (each allocation owns a
 * relay socket), and the heap after GC is back near its baseline: nothing per allocation is retained.
 */
@ExtendWith(LeakCheck.class)
class AllocationChurnTest {
    private static final int TOTAL = 10_000;
    private static final int BATCH = 200;
    private static final int FD_TOLERANCE = 8;
    private static final long HEAP_TOLERANCE = 16L << 20;

    @Test
    void tenThousandAllocationsComeAndGoWithoutLeavingPortsDescriptorsOrHeapBehind() throws Exception {
        int base = 21000 + ThreadLocalRandom.current().nextInt(0, 40) * 250;
        String config = String.join("\n",
                "turnpike.relay { min-port = " + base + ", max-port = " + (base + BATCH + 49) + " }",
                "turnpike.auth.nonce-lifetime = 30d", // the clock jumps past allocation lifetimes below
                "turnpike.security { max-allocations-per-user = 0, max-allocations = 0, ",
                "  rate-limit { unauthenticated-per-second = 100000, burst = 100000 } }");
        List<TurnClient> clients = new ArrayList<>();
        try (TestServer s = TestServer.start(config)) {
            for (int i = 0; i < BATCH; i++) {
                TurnClient c = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD);
                c.challenge(TurnClient.newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(17)).build());
                clients.add(c);
            }
            round(s, clients, 0); // warm-up: classes loaded, pools and tables sized
            long fdBefore = Resources.openFileDescriptors();
            long heapBefore = Resources.usedHeapAfterGc();
            long started = System.nanoTime();
            for (int r = 1; r <= TOTAL / BATCH; r++) {
                round(s, clients, r);
            }
            long fdAfter = Resources.openFileDescriptors();
            long heapAfter = Resources.usedHeapAfterGc();
            System.out.printf("churn: %d allocations in %d ms; fds %d -> %d; heap %d -> %d KiB%n", TOTAL,
                    (System.nanoTime() - started) / 1_000_000, fdBefore, fdAfter, heapBefore >> 10, heapAfter >> 10);
            assertEquals(TOTAL + BATCH, s.events.created.size(), "every allocation was created");
            assertEquals(TOTAL + BATCH, s.events.closed.size(), "and closed");
            assertEquals((TOTAL / BATCH / 2 + 1) * BATCH, count(s, CloseReason.EXPIRED), "even rounds by expiry");
            assertEquals(0, s.server.allocationCount(), "the allocation table is empty");
            assertEquals(0, s.server.relayPorts().inUse(), "every relay port is back");
            assertTrue(fdAfter <= fdBefore + FD_TOLERANCE, "file descriptors: " + fdBefore + " -> " + fdAfter);
            assertTrue(heapAfter <= heapBefore + HEAP_TOLERANCE, "heap: " + heapBefore + " -> " + heapAfter);
        } finally {
            for (TurnClient c : clients) {
                c.close();
            }
        }
    }

    /** One round: every client allocates (pipelined), then all end, by expiry (even r) or Refresh 0. */
    private static void round(TestServer s, List<TurnClient> clients, int r) throws Exception {
        exchangeAll(clients, StunMethod.ALLOCATE, "allocate in round " + r);
        assertEquals(clients.size(), s.server.allocationCount());
        if (r % 2 == 0) {
            s.clock.advance(Duration.ofSeconds(601)); // past the default 600 s lifetime
            s.server.sweepNow();
        } else {
            exchangeAll(clients, StunMethod.REFRESH, "refresh 0 in round " + r);
        }
        assertEquals(0, s.server.allocationCount(), "round " + r + " ended every allocation");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (s.server.relayPorts().inUse() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2); // ports return when their sockets have closed
        }
        assertEquals(0, s.server.relayPorts().inUse(), "round " + r + " returned every port");
    }

    /** Sends a signed request from every client, then collects every answer; each must succeed. */
    private static void exchangeAll(List<TurnClient> clients, StunMethod method, String what) throws IOException {
        TransactionId[] ids = new TransactionId[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            TurnClient c = clients.get(i);
            StunMessage.Builder b = TurnClient.newRequest(method);
            b.add(method == StunMethod.ALLOCATE ? new RequestedTransport(17) : new Lifetime(0));
            StunMessage request = c.sign(b);
            ids[i] = request.transactionId();
            c.sendRaw(TurnClient.encode(request, c.key()));
        }
        for (int i = 0; i < clients.size(); i++) {
            assertEquals(0, TurnClient.errorCode(clients.get(i).awaitResponse(ids[i])), what + ", client " + i);
        }
    }

    private static long count(TestServer s, CloseReason reason) {
        long n = 0;
        for (CloseReason r : s.events.closed) {
            if (r == reason) {
                n++;
            }
        }
        return n;
    }
}
