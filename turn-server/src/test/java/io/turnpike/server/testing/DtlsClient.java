package io.turnpike.server.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A blocking DTLS 1.2 client for tests (the JDK's engine over a loopback DatagramSocket), trusting
 * any certificate (the server's is generated per test run). Handshake flights are retransmitted on
 * a receive timeout (the engine resends its last flight when wrapped while waiting, RFC 6347 §4.2.4).
 */
public final class DtlsClient implements AutoCloseable {
    private static final int HANDSHAKE_MILLIS = 5000;
    private static final int RETRANSMIT_MILLIS = 300;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final SSLEngine engine;
    private final Deque<byte[]> received = new ArrayDeque<>();
    private byte[] lastRecord;

    private DtlsClient(DatagramSocket socket, InetSocketAddress server, SSLEngine engine) {
        this.socket = socket;
        this.server = server;
        this.engine = engine;
    }

    /** Connects to {@code server} from an ephemeral loopback port and completes the handshake. */
    public static DtlsClient connect(InetSocketAddress server) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
        try {
            DtlsClient c = new DtlsClient(socket, server, engine(server));
            c.handshake();
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static SSLEngine engine(InetSocketAddress server) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("DTLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            SSLEngine engine = context.createSSLEngine(server.getHostString(), server.getPort());
            engine.setUseClientMode(true);
            SSLParameters p = engine.getSSLParameters();
            p.setProtocols(new String[] {"DTLSv1.2"});
            engine.setSSLParameters(p);
            return engine;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The underlying socket (the client side of the 5-tuple). */
    public DatagramSocket socket() {
        return socket;
    }

    /** The server this session talks to. */
    public InetSocketAddress server() {
        return server;
    }

    /** The negotiated protocol, e.g. DTLSv1.2. */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        long deadline = System.currentTimeMillis() + HANDSHAKE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NOT_HANDSHAKING, FINISHED -> {
                    return;
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> sendRecord(new byte[0]);
                case NEED_UNWRAP_AGAIN -> unwrap(ByteBuffer.allocate(0));
                default -> {
                    byte[] datagram = receiveDatagram(RETRANSMIT_MILLIS);
                    if (datagram == null) {
                        sendRecord(new byte[0]); // retransmits the last flight
                    } else {
                        ByteBuffer src = ByteBuffer.wrap(datagram);
                        while (src.hasRemaining() && unwrap(src)) {
                            // one record per call
                        }
                    }
                }
            }
        }
        throw new SocketTimeoutException("DTLS handshake not done in " + HANDSHAKE_MILLIS + " ms");
    }

    /** Unwraps one record; application data is queued. Returns false when nothing more can be read. */
    private boolean unwrap(ByteBuffer src) throws IOException {
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        SSLEngineResult r = engine.unwrap(src, app);
        if (r.bytesProduced() > 0) {
            received.add(Arrays.copyOf(app.array(), r.bytesProduced()));
        }
        if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }
        return r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() > 0;
    }

    private void sendRecord(byte[] plain) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(ByteBuffer.wrap(plain), out);
        if (r.bytesProduced() > 0) {
            lastRecord = Arrays.copyOf(out.array(), r.bytesProduced());
            socket.send(new DatagramPacket(lastRecord, lastRecord.length, server));
        }
    }

    private byte[] receiveDatagram(int timeoutMillis) throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        try {
            socket.receive(p);
            return Arrays.copyOf(buf, p.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Sends {@code plain} as one encrypted datagram. */
    public void send(byte[] plain) throws IOException {
        sendRecord(plain);
    }

    /** The next decrypted datagram, or null when none arrives within {@code timeoutMillis}. */
    public byte[] receive(int timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (received.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            byte[] datagram = receiveDatagram((int) left);
            if (datagram == null) {
                return null;
            }
            ByteBuffer src = ByteBuffer.wrap(datagram);
            while (src.hasRemaining() && unwrap(src)) {
                // one record per call
            }
        }
        return received.poll();
    }

    /** Sends the last sealed record again (after close_notify the engine seals nothing new). */
    public void resendLastRecord() throws IOException {
        if (lastRecord != null) {
            socket.send(new DatagramPacket(lastRecord, lastRecord.length, server));
        }
    }

    /** Sends close_notify (RFC 5246 §7.2.1): the end of this DTLS session. */
    public void closeNotify() throws IOException {
        engine.closeOutbound();
        sendRecord(new byte[0]);
    }

    /** Whether the server sent close_notify. */
    public boolean closedByServer() {
        return engine.isInboundDone();
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Tests only: the server certificate is generated per run. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
