package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Server lifecycle: shutdown closes every allocation; allocations can be closed from another thread. */
@ExtendWith(LeakCheck.class)
class TurnpikeServerTest {

    @Test
    void closeEndsEveryAllocationOnEveryTransportAndFreesPorts() throws Exception {
        TestServer s = TestServer.start("");
        try (TurnClient udp = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD);
                TurnClient tcp = TurnClient.tcp(s.server.address(Transport.TCP))
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            udp.allocate();
            tcp.allocate();
            assertEquals(2, s.server.allocationCount());
            long started = System.nanoTime();
            s.close();
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "graceful shutdown within a few seconds");
            assertEquals(List.of(CloseReason.SHUTDOWN, CloseReason.SHUTDOWN), s.events.closed);
            assertEquals(0, s.server.relayPorts().inUse());
        }
    }

    @Test
    void closeAllocationsSelectsByInfoAndRunsOnTheOwningLoops() throws Exception {
        try (TestServer s = TestServer.start("");
                TurnClient a = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD);
                TurnClient b = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD)) {
            a.allocate();
            b.allocate();
            int clientPort = a.localAddress().getPort();
            s.server.closeAllocations(info -> info.client().getPort() == clientPort, CloseReason.REVOKED);
            long deadline = System.currentTimeMillis() + 3000;
            while (s.server.allocationCount() != 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(CloseReason.REVOKED), s.events.closed);
            assertEquals(437, TurnClient.errorCode(a.request(StunMethod.REFRESH)));
            assertEquals(0, TurnClient.errorCode(b.request(StunMethod.REFRESH)));
        }
    }
}
