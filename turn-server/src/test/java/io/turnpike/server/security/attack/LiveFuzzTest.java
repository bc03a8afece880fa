package io.turnpike.server.security.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.LeakCheck;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.Peer;
import io.turnpike.server.testing.TestServer;
import io.turnpike.server.testing.TurnClient;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5's live-server fuzz test: while a legitimate client relays a steady, verified stream of
 * ChannelData through an echo peer, a second source (127.0.0.2) sends 100,000 seeded malformed and
 * mutated datagrams (mutations of valid STUN requests, signed requests, indications and ChannelData,
 * plus noise) to the UDP listener, from a 5-tuple with an allocation and channel (so the relay path is
 * fuzzed too) and from one without, and thousands of mutated frames over TCP connections, reconnecting
 * whenever the server closes one. Afterwards: every legitimate packet came back, Binding is answered
 * on UDP and TCP, no buffer leaked (PARANOID + {@link LeakCheck}), and heap and the allocator's direct
 * memory are back near the baseline taken after warm-up.
 */
@ExtendWith(LeakCheck.class)
class LiveFuzzTest {
    private static final long SEED = 0x7475726E70696B65L;
    private static final int DATAGRAMS = 100_000;
    private static final int WARM_UP = 5_000;
    private static final int STREAM_FRAMES = 6_000;
    /** A Binding round trip every this many datagrams keeps the fuzzer from overrunning socket buffers. */
    private static final int SYNC_EVERY = 200;
    private static final long HEAP_TOLERANCE = 24L << 20;
    private static final long DIRECT_TOLERANCE = 2L << 20; // pooled chunks may stay reserved; leaking even 1 % of the
    // 8 KiB receive buffers of 100,000 datagrams would be 8 MiB

    private static final String CONFIG = String.join("\n",
            "turnpike.security {",
            // The echo peer and the fuzzer's sink peer live on loopback.
            "  peer.allow-loopback = true",
            // The fuzz traffic must reach the decoder and the handlers: with the default 20 requests/s
            // (burst 50) per source, nearly every fuzz datagram would be dropped by the rate limiter
            // before being decoded, which would prove nothing about the decoder.
            "  rate-limit { unauthenticated-per-second = 1000000, burst = 1000000 }",
            // Mutated signed requests fail MESSAGE-INTEGRITY; a real back-off would silence the fuzzer.
            "  auth-failure-backoff { free-failures = 1000, initial = 1ms, max = 1ms }",
            "  max-bandwidth-per-allocation = 0",
            // The TCP fuzzer reconnects fast; closes may lag behind new connections.
            "  tcp.max-connections-per-source = 0",
            "}");

    @Test
    void malformedTrafficDoesNotDisturbARelaySessionNorLeakNorGrowMemory() throws Exception {
        InetAddress fuzzSource = InetAddress.getByName("127.0.0.2");
        try (TestServer s = TestServer.start(CONFIG); EchoPeer echo = new EchoPeer(); Peer sink = new Peer();
                TurnClient legit = TurnClient.udp(s.server.address(Transport.UDP))
                        .credentials(TestServer.USER, TestServer.PASSWORD);
                TurnClient allocated = TurnClient.udp(s.server.address(Transport.UDP), fuzzSource)
                        .credentials(TestServer.USER, TestServer.PASSWORD);
                TurnClient stranger = TurnClient.udp(s.server.address(Transport.UDP), fuzzSource)) {
            assertEquals(0, TurnClient.errorCode(legit.allocate()));
            assertEquals(0, TurnClient.errorCode(legit.request(StunMethod.CHANNEL_BIND, new ChannelNumber(0x4000),
                    new XorPeerAddress(echo.address()))));
            assertEquals(0, TurnClient.errorCode(allocated.allocate()));
            assertEquals(0, TurnClient.errorCode(allocated.request(StunMethod.CHANNEL_BIND,
                    new ChannelNumber(0x4000), new XorPeerAddress(sink.address()))));
            FuzzInputs inputs = new FuzzInputs(SEED, sink.address(), TestServer.USER, "turnpike", allocated.nonce(),
                    TestServer.PASSWORD);
            EchoSession session = new EchoSession(legit);
            Thread sessionThread = new Thread(session, "legit-session");
            sessionThread.start();
            long started = System.nanoTime();
            fuzzUdp(inputs, allocated, stranger, WARM_UP);
            long heapBefore = Resources.usedHeapAfterGc();
            long directBefore = Resources.usedDirect();
            fuzzUdp(inputs, allocated, stranger, DATAGRAMS);
            int connections = fuzzTcp(inputs, s.server.address(Transport.TCP), fuzzSource, STREAM_FRAMES);
            session.stop = true;
            sessionThread.join(10_000);
            long heapAfter = Resources.usedHeapAfterGc();
            long directAfter = Resources.usedDirect();
            System.out.printf("fuzz: %d datagrams + %d warm-up, %d stream frames over %d connections in %d ms; "
                    + "legit echoed %d; heap %d -> %d KiB; direct %d -> %d KiB%n", DATAGRAMS, WARM_UP, STREAM_FRAMES,
                    connections, (System.nanoTime() - started) / 1_000_000, session.echoed, heapBefore >> 10,
                    heapAfter >> 10, directBefore >> 10, directAfter >> 10);
            assertNull(session.failure, "the legitimate session lost nothing");
            assertTrue(session.echoed >= 100, "the session ran throughout: " + session.echoed + " packets");
            assertBindingAnswered(TurnClient.udp(s.server.address(Transport.UDP)));
            assertBindingAnswered(TurnClient.tcp(s.server.address(Transport.TCP)));
            assertTrue(heapAfter <= heapBefore + HEAP_TOLERANCE, "heap back near baseline: " + heapBefore + " -> "
                    + heapAfter);
            assertTrue(directAfter <= directBefore + DIRECT_TOLERANCE, "direct memory back near baseline: "
                    + directBefore + " -> " + directAfter);
        }
    }

    private static void assertBindingAnswered(TurnClient c) throws IOException {
        try (c) {
            assertEquals(0, TurnClient.errorCode(c.exchangeUnsigned(TurnClient.newRequest(StunMethod.BINDING).build())));
        }
    }

    /** Sends {@code count} fuzz datagrams alternately from both clients, syncing every {@link #SYNC_EVERY}. */
    private static void fuzzUdp(FuzzInputs inputs, TurnClient a, TurnClient b, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            ((i & 1) == 0 ? a : b).sendRaw(inputs.next());
            if (i % SYNC_EVERY == SYNC_EVERY - 1) {
                sync(a);
                sync(b);
            }
        }
        sync(a);
        sync(b);
    }

    /** A Binding round trip: the server is alive and has worked through what this client sent before. */
    private static void sync(TurnClient c) throws IOException {
        StunMessage binding = TurnClient.newRequest(StunMethod.BINDING).build();
        c.sendRaw(TurnClient.encode(binding, null));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            byte[] answer = c.receiveRaw(1000);
            StunMessage m = answer == null ? null : TurnClient.decode(answer);
            if (m != null && m.transactionId().equals(binding.transactionId())) {
                return;
            }
        }
        fail("the server stopped answering Binding during the fuzz");
    }

    /**
     * Writes {@code frames} fuzz frames over TCP from {@code source}: nine in ten keep their framing
     * (so they reach the decoder), every tenth is arbitrary and the connection is then dropped by the
     * fuzzer; a Binding round trip every 100 frames checks the connection (reconnecting when the
     * server closed it). Returns the number of connections used.
     */
    private static int fuzzTcp(FuzzInputs inputs, InetSocketAddress server, InetAddress source, int frames)
            throws IOException {
        Socket socket = null;
        int connections = 0;
        try {
            for (int i = 1; i <= frames; i++) {
                if (socket == null) {
                    socket = new Socket();
                    socket.bind(new InetSocketAddress(source, 0));
                    socket.connect(server, 3000);
                    socket.setSoTimeout(2000);
                    connections++;
                }
                try {
                    boolean framed = i % 10 != 0;
                    socket.getOutputStream().write(framed ? inputs.nextFramed() : inputs.next());
                    if (!framed || (i % 100 == 50 && !streamSync(socket))) {
                        socket.close();
                        socket = null;
                    }
                } catch (IOException closedByServer) {
                    socket.close();
                    socket = null;
                }
            }
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
        return connections;
    }

    private static boolean streamSync(Socket socket) {
        StunMessage binding = TurnClient.newRequest(StunMethod.BINDING).build();
        try {
            OutputStream out = socket.getOutputStream();
            out.write(TurnClient.encode(binding, null));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int n = 0; n < 1000; n++) {
                byte[] head = new byte[4];
                in.readFully(head);
                int length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
                byte[] frame = java.util.Arrays.copyOf(head, 4 + ((head[0] & 0xC0) == 0 ? 16 + length : (length + 3) & ~3));
                in.readFully(frame, 4, frame.length - 4);
                StunMessage m = TurnClient.decode(frame);
                if (m != null && m.transactionId().equals(binding.transactionId())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // closed by the server (or stalled): reconnect
        }
    }

    /** The legitimate client: one ChannelData at a time, each must come back intact from the echo peer. */
    private static final class EchoSession implements Runnable {
        private final TurnClient client;
        volatile boolean stop;
        volatile int echoed;
        volatile String failure;

        EchoSession(TurnClient client) {
            this.client = client;
        }

        @Override
        public void run() {
            byte[] payload = new byte[160];
            try {
                for (int seq = 0; !stop; seq++) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] = (byte) (seq * 31 + i);
                    }
                    client.sendChannelData(0x4000, payload);
                    byte[] back = client.receive(3000);
                    if (back == null) {
                        failure = "packet " + seq + " was not echoed";
                        return;
                    }
                    if (Peer.channelOf(back) != 0x4000 || !java.util.Arrays.equals(payload, Peer.channelPayload(back))) {
                        failure = "packet " + seq + " came back altered";
                        return;
                    }
                    echoed = seq + 1;
                }
            } catch (IOException e) {
                failure = "session failed: " + e;
            }
        }
    }
}
