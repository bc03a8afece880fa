package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.server.events.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One DTLS client (RFC 7350): the JDK's non-blocking DTLS engine for that address, driven on the
 * listener's event loop, and the client 5-tuple link whose writes are encrypted records. Decrypted
 * datagrams go to the same demultiplexer as plain UDP. Costs (docs/dtls.md): the engine copies each
 * record once into a pooled buffer; handshakes (one ECDHE + one signature) run on the event loop.
 */
final class DtlsSession extends DatagramClientLink {
    /** Handshake record (content type 22) whose first message is a HelloVerifyRequest (type 3). */
    private static final int HANDSHAKE = 22;
    private static final int HELLO_VERIFY_REQUEST = 3;
    private static final int RECORD_HEADER = 13;
    /** Bounds one datagram's engine steps (a flight has a handful of records). */
    private static final int MAX_STEPS = 64;
    /** Handshake flights and close_notify wrap no application bytes; never written to. */
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final SSLEngine engine;
    private final DtlsListener owner;
    private final long startedNanos;
    private long lastReceiveNanos;
    private boolean established;
    private boolean closed;
    private boolean helloVerify;
    /** While replaying the first ClientHello: the engine's reply is not sent. */
    private boolean silent;

    DtlsSession(Channel listener, InetSocketAddress client, SSLEngine engine, DtlsListener owner, long nowNanos) {
        super(listener, client);
        this.engine = engine;
        this.owner = owner;
        this.startedNanos = nowNanos;
        this.lastReceiveNanos = nowNanos;
    }

    /**
     * Feeds one datagram from the client. Returns false when the session must not be kept: the
     * engine answered with a HelloVerifyRequest only (a ClientHello without a valid cookie: the
     * reply is sent and no state stays, RFC 6347 §4.2.1), or the datagram broke the handshake.
     */
    boolean receive(ByteBuf datagram, long nowNanos) {
        lastReceiveNanos = nowNanos;
        ByteBuf plain = listener.alloc().directBuffer(engine.getSession().getApplicationBufferSize());
        try {
            drive(datagram.nioBuffer(), plain);
            if (engine.isOutboundDone() || engine.isInboundDone()) {
                closed = true; // a fatal alert was sent (e.g. protocol_version) or close_notify received
            }
            return !closed && (established || !helloVerify);
        } catch (SSLException | RuntimeException e) {
            // A forged or broken record fails the handshake or MAC: only this client is affected.
            closed = true;
            return false;
        } finally {
            plain.release();
            listener.flush();
        }
    }

    /**
     * Shows the engine the cookie-less form of the client's ClientHello (see {@link ClientHellos})
     * and discards the HelloVerifyRequest it answers with; the client already has its cookie.
     */
    void replayFirstHello(ByteBuf hello, long nowNanos) {
        silent = true;
        try {
            receive(hello, nowNanos);
        } finally {
            silent = false;
            helloVerify = false;
        }
    }

    private void drive(ByteBuffer src, ByteBuf plain) throws SSLException {
        for (int step = 0; step < MAX_STEPS && !closed; step++) {
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                wrap(NOTHING);
            } else if (src.hasRemaining() || hs == SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN) {
                unwrap(src, plain);
            } else {
                return;
            }
        }
    }

    private void unwrap(ByteBuffer src, ByteBuf plain) throws SSLException {
        plain.clear();
        SSLEngineResult r = engine.unwrap(src, plain.internalNioBuffer(0, plain.capacity()));
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            established = true;
        }
        switch (r.getStatus()) {
            case CLOSED -> closed = true;
            case BUFFER_UNDERFLOW, BUFFER_OVERFLOW -> src.position(src.limit()); // truncated: drop the rest
            default -> {
                if (r.bytesProduced() > 0 && established) {
                    plain.writerIndex(r.bytesProduced());
                    owner.deliver(this, plain);
                }
            }
        }
    }

    /** Encrypts {@code src} (empty for handshake flights) into one datagram to the client. */
    private void wrap(ByteBuffer src) throws SSLException {
        ByteBuf out = listener.alloc().directBuffer(engine.getSession().getPacketBufferSize());
        try {
            SSLEngineResult r = engine.wrap(src, out.internalNioBuffer(0, out.capacity()));
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                established = true;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                closed = true;
            }
            int n = r.bytesProduced();
            if (n == 0) {
                return;
            }
            out.writerIndex(n);
            if (!established && n > RECORD_HEADER && out.getUnsignedByte(0) == HANDSHAKE
                    && out.getUnsignedByte(RECORD_HEADER) == HELLO_VERIFY_REQUEST) {
                helloVerify = true;
            }
            if (!silent) {
                listener.write(new DatagramPacket(out.retain(), client), listener.voidPromise());
            }
        } finally {
            out.release();
        }
    }

    /** Whether the handshake is over and application data flows. */
    boolean established() {
        return established;
    }

    /** Whether this session is past its handshake or idle deadline at {@code nowNanos}. */
    boolean expired(long nowNanos, long handshakeNanos, long idleNanos) {
        if (closed) {
            return true;
        }
        if (!established) {
            return nowNanos - startedNanos > handshakeNanos;
        }
        return allocation() == null && nowNanos - lastReceiveNanos > idleNanos;
    }

    /** Sends close_notify (best effort) and stops using the engine. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.closeOutbound();
        try {
            if (established) {
                wrap(NOTHING);
                listener.flush();
            }
        } catch (SSLException | RuntimeException e) {
            // The alert is a courtesy; the session is gone either way.
        }
    }

    @Override
    public Transport transport() {
        return Transport.DTLS;
    }

    @Override
    public void write(ByteBuf message) {
        try {
            if (!established || closed) {
                return;
            }
            wrap(message.nioBuffer());
        } catch (SSLException e) {
            closed = true;
        } finally {
            message.release();
        }
    }

    @Override
    public void flush() {
        listener.flush();
    }
}
