package io.turnpike.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.EncodeOptions;
import io.turnpike.protocol.IndicationWriter;
import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunDecoder;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.attribute.ErrorCode;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.protocol.attribute.PasswordAlgorithms;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.UserHash;
import io.turnpike.protocol.attribute.Username;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking TURN client for tests, built on the codec: UDP, TCP or TLS; the long-term
 * credential dance (401 → REALM/NONCE → signed request); raw sends for malformed input. Messages
 * that are not the awaited response (Data indications, ChannelData) are queued for
 * {@link #receive}. Encodes into unpooled heap buffers, which it releases.
 */
public final class TurnClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TIMEOUT_MILLIS = 3000;

    private final DatagramSocket udp;
    private final InetSocketAddress server;
    private final Socket stream;
    private final DataInputStream in;
    private final OutputStream out;
    private final Deque<byte[]> unsolicited = new ArrayDeque<>();
    private String username;
    private String password;
    private String realm;
    private String nonce;
    private byte[] key;
    private boolean staleRetried;
    private boolean rfc8489;
    private boolean userHash;
    private PasswordAlgorithms offered;
    private PasswordAlgorithm algorithm;
    private byte[] lastResponse;

    private TurnClient(DatagramSocket udp, Socket stream, InetSocketAddress server) throws IOException {
        this.udp = udp;
        this.stream = stream;
        this.server = server;
        this.in = stream == null ? null : new DataInputStream(stream.getInputStream());
        this.out = stream == null ? null : stream.getOutputStream();
    }

    /** A UDP client on loopback talking to {@code server}. */
    public static TurnClient udp(InetSocketAddress server) throws IOException {
        return udp(server, new InetSocketAddress("127.0.0.1", 0));
    }

    /** A UDP client bound to {@code local} talking to {@code server}. */
    public static TurnClient udp(InetSocketAddress server, InetSocketAddress local) throws IOException {
        DatagramSocket s = new DatagramSocket(local);
        s.setSoTimeout(TIMEOUT_MILLIS);
        return new TurnClient(s, null, server);
    }

    /** A UDP client bound to {@code local} (e.g. 127.0.0.2: another source address on loopback). */
    public static TurnClient udp(InetSocketAddress server, java.net.InetAddress local) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0));
        s.setSoTimeout(TIMEOUT_MILLIS);
        return new TurnClient(s, null, server);
    }

    /** A TCP client connected to {@code server}. */
    public static TurnClient tcp(InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.connect(server, TIMEOUT_MILLIS);
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.setTcpNoDelay(true);
        return new TurnClient(null, s, server);
    }

    /** A TLS client connected to {@code server} through {@code factory}. */
    public static TurnClient tls(InetSocketAddress server, SSLSocketFactory factory) throws IOException {
        Socket s = factory.createSocket(server.getAddress(), server.getPort());
        s.setSoTimeout(TIMEOUT_MILLIS);
        return new TurnClient(null, s, server);
    }

    /** A client on an already connected stream socket (e.g. a TLS socket with ALPN set up). */
    public static TurnClient stream(Socket connected) throws IOException {
        connected.setSoTimeout(TIMEOUT_MILLIS);
        return new TurnClient(null, connected, (InetSocketAddress) connected.getRemoteSocketAddress());
    }

    /** Sets the credentials used after the first 401. */
    public TurnClient credentials(String user, String pass) {
        this.username = user;
        this.password = pass;
        return this;
    }

    /**
     * Behaves as an RFC 8489 client (§9.2.5): after a 401 or 438 carrying PASSWORD-ALGORITHMS it
     * echoes the list, names the first algorithm it supports (SHA-256 or MD5) in PASSWORD-ALGORITHM,
     * derives that key and signs with MESSAGE-INTEGRITY-SHA256 only; with {@code sendUserHash} it
     * sends USERHASH instead of USERNAME.
     */
    public TurnClient rfc8489(boolean sendUserHash) {
        this.rfc8489 = true;
        this.userHash = sendUserHash;
        return this;
    }

    /** The PASSWORD-ALGORITHM chosen after the last challenge, or null (RFC 5389 behaviour). */
    public PasswordAlgorithm algorithm() {
        return algorithm;
    }

    /** The raw bytes of the last response received. */
    public byte[] lastResponse() {
        return lastResponse;
    }

    /** The client's local address (the client side of the 5-tuple). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) (udp != null ? udp.getLocalSocketAddress() : stream.getLocalSocketAddress());
    }

    /** The current HMAC key (after a challenge). */
    public byte[] key() {
        return key;
    }

    /** The nonce last received. */
    public String nonce() {
        return nonce;
    }

    /** Overrides the nonce (to test stale nonces). */
    public void nonce(String value) {
        this.nonce = value;
    }

    /** A new request builder with a random transaction id. */
    public static StunMessage.Builder newRequest(StunMethod method) {
        return StunMessage.builder(method, StunClass.REQUEST, TransactionId.random(RANDOM));
    }

    /** Sends an unsigned request and returns the response. */
    public StunMessage exchangeUnsigned(StunMessage request) throws IOException {
        sendRaw(encode(request, null));
        return awaitResponse(request.transactionId());
    }

    /**
     * Adds USERNAME, REALM, NONCE, signs with the current key, sends, and returns the response. On
     * 438 Stale Nonce it retries once with the new nonce, as RFC 8489 §9.2.5 tells clients to (a new
     * transaction); {@link #lastWasStale()} tells whether that happened.
     */
    public StunMessage exchangeSigned(StunMessage.Builder request) throws IOException {
        StunMessage template = request.build();
        StunMessage response = exchangeOnce(template);
        staleRetried = errorCode(response) == 438;
        if (staleRetried) {
            response = exchangeOnce(template);
        }
        return response;
    }

    private StunMessage exchangeOnce(StunMessage template) throws IOException {
        StunMessage.Builder b = newRequest(template.method());
        b.addAll(template.attributes());
        StunMessage signed = sign(b);
        sendRaw(algorithm == null ? encode(signed, key) : encodeSha256(signed, key));
        return awaitResponse(signed.transactionId());
    }

    /** Whether the last signed exchange got 438 first and was retried with the new nonce. */
    public boolean lastWasStale() {
        return staleRetried;
    }

    /**
     * The request with USERNAME (or USERHASH), REALM and NONCE added, and PASSWORD-ALGORITHMS and
     * PASSWORD-ALGORITHM when an algorithm was chosen.
     */
    public StunMessage sign(StunMessage.Builder request) {
        request.add(userHash ? new UserHash(LongTermKey.userHash(username, realm)) : new Username(username))
                .add(new Realm(realm)).add(new Nonce(nonce));
        if (algorithm != null) {
            request.add(offered).add(algorithm);
        }
        return request.build();
    }

    /** Encodes {@code message} with MESSAGE-INTEGRITY-SHA256 keyed by {@code signKey}, and FINGERPRINT. */
    public static byte[] encodeSha256(StunMessage message, byte[] signKey) {
        ByteBuf buf = Unpooled.buffer();
        try {
            StunEncoder.encode(message, buf, new EncodeOptions(null, signKey, true, 0));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Encodes {@code message}, signed with {@code signKey} when not null, with FINGERPRINT. */
    public static byte[] encode(StunMessage message, byte[] signKey) {
        ByteBuf buf = Unpooled.buffer();
        try {
            StunEncoder.encode(message, buf, signKey, true);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Sends an unsigned request to learn REALM and NONCE (expects 401) and derives the key. */
    public StunMessage challenge(StunMessage request) throws IOException {
        StunMessage response = exchangeUnsigned(request);
        Realm r = response.get(Realm.class);
        Nonce n = response.get(Nonce.class);
        if (r != null && n != null) {
            realm = r.value();
            nonce = n.value();
            offered = response.get(PasswordAlgorithms.class);
            algorithm = null;
            if (rfc8489 && offered != null) {
                for (PasswordAlgorithm a : offered.algorithms()) {
                    if (a.algorithm() == PasswordAlgorithm.SHA256 || a.algorithm() == PasswordAlgorithm.MD5) {
                        algorithm = a;
                        break;
                    }
                }
            }
            key = LongTermKey.forAlgorithm(algorithm == null ? PasswordAlgorithm.MD5 : algorithm.algorithm(),
                    username, realm, password);
        }
        return response;
    }

    /** Allocate with the credential dance: an unsigned Allocate, then a signed one (UDP relay). */
    public StunMessage allocate(StunAttribute... extra) throws IOException {
        return allocate(17, extra);
    }

    /** Allocate of a TCP relay (REQUESTED-TRANSPORT 6, RFC 6062 §4.1) with the credential dance. */
    public StunMessage allocateTcp(StunAttribute... extra) throws IOException {
        return allocate(6, extra);
    }

    private StunMessage allocate(int transport, StunAttribute... extra) throws IOException {
        if (key == null) {
            challenge(newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(transport)).build());
        }
        StunMessage.Builder b = newRequest(StunMethod.ALLOCATE).add(new RequestedTransport(transport));
        for (StunAttribute a : extra) {
            b.add(a);
        }
        return exchangeSigned(b);
    }

    /**
     * ConnectionBind (RFC 6062 §4.3) for {@code connectionId} on this (new) connection, with the
     * credential dance; after a success response the connection carries raw bytes
     * ({@link #rawOut()}, {@link #readRaw}).
     */
    public StunMessage connectionBind(long connectionId) throws IOException {
        if (key == null) {
            challenge(newRequest(StunMethod.CONNECTION_BIND).add(new ConnectionId(connectionId)).build());
        }
        return request(StunMethod.CONNECTION_BIND, new ConnectionId(connectionId));
    }

    /** The stream's output, for raw bytes on a client data connection. */
    public OutputStream rawOut() {
        return out;
    }

    /**
     * Reads exactly {@code n} raw bytes from the stream, or returns what came before the stream
     * ended or {@code timeoutMillis} passed without progress.
     */
    public byte[] readRaw(int n, int timeoutMillis) throws IOException {
        stream.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[n];
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(buf, got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (SocketTimeoutException e) {
            // return what arrived
        }
        return got == n ? buf : Arrays.copyOf(buf, got);
    }

    /** Whether the server closed the stream (end of stream within {@code timeoutMillis}). */
    public boolean streamClosed(int timeoutMillis) throws IOException {
        stream.setSoTimeout(timeoutMillis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** A signed request of {@code method} with {@code attributes}. */
    public StunMessage request(StunMethod method, StunAttribute... attributes) throws IOException {
        StunMessage.Builder b = newRequest(method);
        for (StunAttribute a : attributes) {
            b.add(a);
        }
        return exchangeSigned(b);
    }

    /** Sends raw bytes (a datagram, or bytes on the stream). */
    public void sendRaw(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            out.write(bytes);
            out.flush();
        }
    }

    /** Receives the next message or frame from the server, or null on timeout. */
    public byte[] receiveRaw(int timeoutMillis) throws IOException {
        try {
            if (udp != null) {
                udp.setSoTimeout(timeoutMillis);
                byte[] buf = new byte[65536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                return Arrays.copyOf(buf, p.getLength());
            }
            stream.setSoTimeout(timeoutMillis);
            byte[] head = new byte[4];
            in.readFully(head);
            int length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            int rest = (head[0] & 0xC0) == 0 ? 16 + length : (length + 3) & ~3;
            byte[] frame = Arrays.copyOf(head, 4 + rest);
            in.readFully(frame, 4, rest);
            return frame;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** The next unsolicited message (Data indication or ChannelData), or null on timeout. */
    public byte[] receive(int timeoutMillis) throws IOException {
        if (!unsolicited.isEmpty()) {
            return unsolicited.poll();
        }
        return receiveRaw(timeoutMillis);
    }

    /** Waits for the response to {@code txid}, queueing anything else. */
    public StunMessage awaitResponse(TransactionId txid) throws IOException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            byte[] bytes = receiveRaw(TIMEOUT_MILLIS);
            if (bytes == null) {
                break;
            }
            StunMessage m = decode(bytes);
            if (m != null && m.transactionId().equals(txid)
                    && (m.messageClass() == StunClass.SUCCESS_RESPONSE || m.messageClass() == StunClass.ERROR_RESPONSE)) {
                lastResponse = bytes;
                Nonce n = m.get(Nonce.class);
                if (n != null) {
                    nonce = n.value();
                }
                return m;
            }
            unsolicited.add(bytes);
        }
        throw new SocketTimeoutException("no response to " + txid);
    }

    /** Decodes a STUN message, or null when {@code bytes} is not one. */
    public static StunMessage decode(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] & 0xC0) != 0) {
            return null;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            DecodeResult r = StunDecoder.decode(buf);
            if (!r.isSuccess()) {
                return null;
            }
            return r.message();
        } finally {
            buf.release();
        }
    }

    /** The error code of {@code response}, or 0 for a success. */
    public static int errorCode(StunMessage response) {
        ErrorCode e = response.get(ErrorCode.class);
        return e == null ? 0 : e.code();
    }

    /** Everything received and not consumed so far (drains without waiting). */
    public List<byte[]> drain() throws IOException {
        List<byte[]> all = new ArrayList<>(unsolicited);
        unsolicited.clear();
        byte[] b;
        while ((b = receiveRaw(200)) != null) {
            all.add(b);
        }
        return all;
    }

    /** Sends a Send indication carrying {@code payload} to {@code peer} (RFC 8656 §11.1). */
    public void sendIndication(InetSocketAddress peer, byte[] payload) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            IndicationWriter.writeSendHead(buf, TransactionId.random(RANDOM), peer, payload.length);
            buf.writeBytes(payload).writeZero(IndicationWriter.paddingLength(payload.length));
            sendRaw(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    /** Sends a ChannelData message (padded to 4 on streams, RFC 8656 §12.5). */
    public void sendChannelData(int channel, byte[] payload) throws IOException {
        int padding = udp == null ? (-payload.length & 3) : 0;
        byte[] frame = new byte[4 + payload.length + padding];
        frame[0] = (byte) (channel >>> 8);
        frame[1] = (byte) channel;
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        sendRaw(frame);
    }

    /** Whether this client talks over a stream (TCP/TLS). */
    public boolean isStream() {
        return udp == null;
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        }
        if (stream != null) {
            stream.close();
        }
    }
}
