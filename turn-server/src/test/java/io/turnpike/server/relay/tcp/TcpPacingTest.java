package io.turnpike.server.relay.tcp;

import static io.turnpike.server.relay.tcp.PeerInitiatedTest.closedByRelay;
import static io.turnpike.server.relay.tcp.PeerInitiatedTest.connectionAttempt;
import static io.turnpike.server.relay.tcp.PeerInitiatedTest.peerTo;
import static io.turnpike.server.relay.tcp.TcpRelayTest.allocateWithPermission;
import static io.turnpike.server.relay.tcp.TcpRelayTest.client;
import static io.turnpike.server.relay.tcp.TcpRelayTest.connect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TcpEchoPeer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-allocation bandwidth limit on TCP relays (RFC 8656 §21.3.1 applied to RFC 6062): bytes over
 * the budget are relayed whole and paid for by not reading, never dropped.
 */
@ExtendWith(LeakCheck.class)
class TcpPacingTest {
    /** Largest single read of a relay socket: Netty's adaptive receive buffer tops out at 64 KiB. */
    private static final long MAX_READ = 64 << 10;

    private static String limit(long bytesPerSecond) {
        return "turnpike.security.max-bandwidth-per-allocation = " + bytesPerSecond;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code payload} to {@code out} on a daemon thread (the test reads meanwhile). */
    private static Thread writer(OutputStream out, byte[] payload) {
        Thread t = new Thread(() -> {
            try {
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                // the reader's assertions report it
            }
        }, "pacing-test-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Binds a data connection to a Connect to an echo peer; returns it ready for raw bytes. */
    private static void bindToEcho(TurnClient control, TurnClient data, TcpEchoPeer peer) throws Exception {
        allocateWithPermission(control);
        assertEquals(0, TurnClient.errorCode(data.connectionBind(connect(control, peer.address()))));
    }

    @Test
    void rfc8656Section21_3_1_tcpRelayIsPacedBothWaysAndEveryByteArrivesInOrder() throws Exception {
        long rate = 128 << 10; // burst = max(rate, 64 KiB) = 128 KiB
        int size = 256 << 10;
        try (TestServer s = TestServer.start(limit(rate)); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer();
                TurnClient data = client(s)) {
            bindToEcho(c, data, peer);
            byte[] payload = randomBytes(size, 11);
            long start = System.nanoTime();
            Thread w = writer(data.rawOut(), payload);
            byte[] echoed = data.readRaw(size, 10_000); // the timeout is per read without progress
            long elapsed = System.nanoTime() - start;
            w.join(10_000);
            assertArrayEquals(payload, echoed, "nothing dropped, cut or reordered by pacing");
            assertEquals(size, s.counters.bytes(Direction.CLIENT_TO_PEER, Transport.TCP));
            assertEquals(size, s.counters.bytes(Direction.PEER_TO_CLIENT, Transport.TCP));
            // Both directions share the allocation's budget: 2 × size bytes relayed by time t is at
            // most the burst + rate × t + one read of debt per socket (2 sockets).
            long lowerBound = (2 * size - rate - 2 * MAX_READ) * 1_000_000_000L / rate;
            assertTrue(elapsed >= lowerBound, "paced: " + elapsed / 1_000_000 + " ms, at least "
                    + lowerBound / 1_000_000 + " ms expected");
            assertTrue(s.counters.pacedNanos() > 0, "paced time is reported");
            assertEquals(0, s.counters.drops(DropReason.QUOTA), "pacing drops nothing");
        }
    }

    @Test
    void limitZeroMeansNoPacing() throws Exception {
        int size = 1 << 20;
        try (TestServer s = TestServer.start(limit(0)); TurnClient c = client(s); TcpEchoPeer peer = new TcpEchoPeer();
                TurnClient data = client(s)) {
            bindToEcho(c, data, peer);
            byte[] payload = randomBytes(size, 12);
            Thread w = writer(data.rawOut(), payload);
            byte[] echoed = data.readRaw(size, 10_000);
            w.join(10_000);
            assertArrayEquals(payload, echoed);
            assertEquals(0, s.counters.pacedNanos(), "no limit, no pause");
        }
    }

    @Test
    void closingAPausedConnectionClosesBothSidesAtOnce() throws Exception {
        long rate = 16 << 10; // burst 64 KiB; then every read of n bytes pauses n / 16 KiB seconds
        int size = 256 << 10;
        try (TestServer s = TestServer.start(limit(rate)); TurnClient c = client(s); TurnClient data = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            try (Socket peer = peerTo(relay)) {
                long id = connectionAttempt(c).get(ConnectionId.class).id();
                assertEquals(0, TurnClient.errorCode(data.connectionBind(id)));
                byte[] payload = randomBytes(size, 13);
                writer(peer.getOutputStream(), payload);
                int first = 96 << 10; // past the burst: the peer side is in debt and paused
                byte[] got = data.readRaw(first, 10_000);
                byte[] expected = new byte[first];
                System.arraycopy(payload, 0, expected, 0, first);
                assertArrayEquals(expected, got);
                data.close();
                assertTrue(closedByRelay(peer), "RFC 6062 §5.5: the paused peer data connection is closed too");
                assertTrue(s.counters.bytes(Direction.PEER_TO_CLIENT, Transport.TCP) < size,
                        "it was closed while paused, not after relaying the rest");
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (s.counters.pacedNanos() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(s.counters.pacedNanos() > 0, "the pause is accounted when the socket closes");
            }
        }
    }

    /** The client-to-peer byte count once it has not moved for two polls 250 ms apart (or after 10 s). */
    private static long awaitStall(TestServer s) throws InterruptedException {
        long last = -1;
        int still = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (still < 2 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = s.counters.bytes(Direction.CLIENT_TO_PEER, Transport.TCP);
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return last;
    }

    @Test
    void rfc6062Section3_backpressureHoldsThroughPacingResumesAndReadingResumesWhenBothClear() throws Exception {
        long rate = 1 << 20; // the budget (1 MiB burst) runs out before the peer's socket buffers fill
        int total = 24 << 20;
        try (TestServer s = TestServer.start("turnpike.relay.tcp.buffer-size = 16KiB\n" + limit(rate));
                TurnClient c = client(s); TurnClient data = client(s)) {
            InetSocketAddress relay = allocateWithPermission(c);
            try (Socket peer = PeerInitiatedTest.boundPeer(c, data, relay, 16 << 10)) {
                byte[] payload = randomBytes(total, 14);
                Thread w = writer(data.rawOut(), payload);
                // The peer reads nothing: the server must end up not reading the client, although the
                // pacing resume due for its last read (at most 64 KiB / rate ≈ 60 ms later) fires
                // meanwhile; a resume that ignored backpressure would read on, pause, resume, ...
                long stalled = awaitStall(s);
                assertTrue(s.counters.pacedNanos() > 0, "pacing was at work before the stall");
                assertTrue(w.isAlive() && stalled < total, "stopped reading at " + stalled + " bytes");
                Thread.sleep(500); // longer than any pacing pause at this rate
                assertEquals(stalled, s.counters.bytes(Direction.CLIENT_TO_PEER, Transport.TCP),
                        "a pacing resume does not override backpressure");
                // The peer reads: backpressure clears and reading resumes, in order, but still paced:
                // a drained queue does not override a debt. The stall refilled the budget (1 MiB);
                // 2 MiB more cost at least (2 MiB - burst - one read) / rate.
                peer.setSoTimeout(10_000);
                int more = 2 << 20;
                int taken = (int) Math.min(stalled + more, total);
                long start = System.nanoTime();
                byte[] got = peer.getInputStream().readNBytes(taken);
                long elapsed = System.nanoTime() - start;
                byte[] expected = new byte[taken];
                System.arraycopy(payload, 0, expected, 0, taken);
                assertArrayEquals(expected, got, "every byte, in order, past the stall point");
                long lowerBound = (more - rate - MAX_READ) * 1_000_000_000L / rate;
                assertTrue(elapsed >= lowerBound, "still paced after the stall: " + elapsed / 1_000_000 + " ms");
            }
        }
    }
}
