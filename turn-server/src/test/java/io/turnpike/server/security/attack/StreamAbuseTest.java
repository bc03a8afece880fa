package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.protocol.testing.RawStun;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Denial of service against the TCP and TLS listeners (issue 5; the "TURN server security" research
 * by Enable Security lists resource exhaustion next to relay abuse): garbage and oversized frames,
 * slowloris clients that connect and say nothing or trickle bytes, and many connections from one
 * source. Each abuser loses only its own connection; a legitimate client on the same listener keeps
 * being answered throughout. Timeouts are short in these configurations so the test stays quick.
 */
@ExtendWith(LeakCheck.class)
class StreamAbuseTest {
    private static final long LIMIT_MILLIS = 8000;
    private static AttackFixture fixture;

    @BeforeAll
    static void tls() throws Exception {
        fixture = new AttackFixture();
    }

    @AfterAll
    static void closeTls() throws Exception {
        fixture.close();
    }

    private static TurnClient connect(TestServer s, Transport t) throws Exception {
        TurnClient c = t == Transport.TLS ? TurnClient.tls(s.server.address(t), fixture.trusting())
                : TurnClient.tcp(s.server.address(t));
        return c.credentials(TestServer.USER, TestServer.PASSWORD);
    }

    private static void assertAnswers(TurnClient c, String when) throws IOException {
        assertEquals(0, TurnClient.errorCode(c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build())),
                when);
    }

    /** Whether the server closed the connection: EOF or reset within {@code millis}. */
    private static boolean closedWithin(TurnClient c, int millis) {
        try {
            c.receiveRaw(millis);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void oversizedAndMalformedFramesCloseOnlyTheirConnection() throws Exception {
        byte[][] attacks = {
            RawStun.b(0x40, 0x00, 0x10, 0x00), // ChannelData announcing 4096 bytes, over the 1024 cap
            RawStun.b(0x00, 0x01, 0xFF, 0xFC, 0x21, 0x12, 0xA4, 0x42), // STUN announcing 65532 bytes
            RawStun.b(0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07), // neither STUN nor ChannelData
            RawStun.b(0x80, 0x00, 0x00, 0x04, 1, 2, 3, 4), // RFC 7983 range of RTP/DTLS, not ours
            RawStun.message(0x0001).length(1032).raw(new byte[1032]).bytes(), // over the cap, bytes sent
        };
        try (TestServer s = fixture.server("turnpike.security.tcp.max-frame-size = 1024")) {
            for (Transport t : new Transport[] {Transport.TCP, Transport.TLS}) {
                try (TurnClient good = connect(s, t)) {
                    assertEquals(0, TurnClient.errorCode(good.allocate()), t.label());
                    for (byte[] attack : attacks) {
                        try (TurnClient bad = connect(s, t)) {
                            assertAnswers(bad, "a normal start");
                            bad.sendRaw(attack);
                            assertTrue(closedWithin(bad, 3000), t.label() + " closed after " + attack.length + " bytes");
                        }
                        assertAnswers(good, t.label() + ": the other connection is unaffected");
                    }
                    assertEquals(0, TurnClient.errorCode(good.request(StunMethod.REFRESH)),
                            t.label() + ": its allocation survives");
                }
            }
            // The server sees the last close asynchronously: wait for it, bounded.
            long deadline = System.currentTimeMillis() + 3000;
            while (s.server.allocationCount() != 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, s.server.allocationCount(), "closing the connections ended their allocations");
        }
    }

    /**
     * Slowloris: a TCP client that says nothing, one that trickles a STUN header a byte every 400 ms
     * (the idle timeout counts complete frames, not bytes), a TLS client that never starts its
     * handshake and one that trickles its ClientHello: all are disconnected near the configured
     * timeouts, while a client sending a Binding request every few hundred milliseconds stays.
     */
    @Test
    void silentAndTricklingClientsAreDisconnectedByTheTimeouts() throws Exception {
        try (TestServer s = fixture.server("turnpike.security.tcp { idle-timeout = 1500ms, handshake-timeout = 1s }");
                TurnClient good = connect(s, Transport.TCP); TurnClient goodTls = connect(s, Transport.TLS)) {
            InetSocketAddress tcp = s.server.address(Transport.TCP);
            InetSocketAddress tls = s.server.address(Transport.TLS);
            byte[] stunHeader = RawStun.message(0x0001).bytes();
            byte[] clientHelloStart = RawStun.b(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03);
            Runnable legit = () -> {
                try {
                    assertAnswers(good, "legitimate TCP client");
                    assertAnswers(goodTls, "legitimate TLS client");
                } catch (IOException e) {
                    throw new AssertionError("legitimate client lost", e);
                }
            };
            long silentTcp = millisUntilClosed(tcp, null, legit);
            long trickleTcp = millisUntilClosed(tcp, stunHeader, legit);
            long silentTls = millisUntilClosed(tls, null, legit);
            long trickleTls = millisUntilClosed(tls, clientHelloStart, legit);
            assertTrue(silentTcp >= 1000 && silentTcp < 5000, "silent TCP: idle timeout, " + silentTcp + " ms");
            assertTrue(trickleTcp >= 1000 && trickleTcp < 5000, "trickling TCP: idle timeout, " + trickleTcp + " ms");
            assertTrue(silentTls >= 700 && silentTls < 5000, "silent TLS: handshake timeout, " + silentTls + " ms");
            assertTrue(trickleTls >= 700 && trickleTls < 5000, "trickling TLS: handshake timeout, " + trickleTls + " ms");
            legit.run();
        }
    }

    /**
     * Opens a raw connection, writes {@code trickle} one byte every 400 ms (nothing when null) and
     * returns how long the server took to close it; fails after {@link #LIMIT_MILLIS}. Runs
     * {@code between} at each step.
     */
    private static long millisUntilClosed(InetSocketAddress server, byte[] trickle, Runnable between)
            throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(server, 3000);
            socket.setSoTimeout(400);
            InputStream in = socket.getInputStream();
            for (int i = 0; (System.nanoTime() - start) / 1_000_000 < LIMIT_MILLIS; i++) {
                try {
                    if (trickle != null && i < trickle.length) {
                        socket.getOutputStream().write(trickle[i]);
                        socket.getOutputStream().flush();
                    }
                    if (in.read() < 0) {
                        break;
                    }
                } catch (SocketTimeoutException e) {
                    between.run();
                } catch (IOException e) {
                    break; // reset: closed
                }
            }
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsed < LIMIT_MILLIS, "still open after " + elapsed + " ms");
        return elapsed;
    }

    @Test
    void connectionsBeyondThePerSourceCapAreClosedWhileOtherSourcesConnect() throws Exception {
        try (TestServer s = fixture.server("turnpike.security.tcp.max-connections-per-source = 4")) {
            List<TurnClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(connect(s, i % 2 == 0 ? Transport.TCP : Transport.TLS));
                    assertAnswers(held.get(i), "connection " + i + " within the cap");
                }
                try (TurnClient fifth = TurnClient.tcp(s.server.address(Transport.TCP))) {
                    assertTrue(closedWithin(fifth, 3000), "fifth TCP connection from 127.0.0.1 closed");
                }
                try (Socket fifthTls = new Socket()) {
                    fifthTls.connect(s.server.address(Transport.TLS), 3000);
                    fifthTls.setSoTimeout(3000);
                    assertTrue(readsEnd(fifthTls), "fifth connection on the TLS port closed before a handshake");
                }
                try (Socket other = new Socket()) {
                    other.bind(new InetSocketAddress("127.0.0.2", 0));
                    other.connect(s.server.address(Transport.TCP), 3000);
                    other.setSoTimeout(3000);
                    other.getOutputStream().write(RawStun.message(0x0001).bytes());
                    byte[] head = other.getInputStream().readNBytes(20);
                    assertEquals(0x01, head[1], "127.0.0.2 is answered: Binding success 0x0101");
                }
                for (TurnClient c : held) {
                    assertAnswers(c, "held connections unaffected");
                }
            } finally {
                for (TurnClient c : held) {
                    c.close();
                }
            }
            held.clear();
            Thread.sleep(200); // the server sees the closes
            try (TurnClient again = TurnClient.tcp(s.server.address(Transport.TCP))) {
                assertAnswers(again, "slots are returned when connections close");
            }
        }
    }

    private static boolean readsEnd(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }
}
