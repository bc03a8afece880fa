package io.turnpike.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real handshakes over loopback against a Netty server using {@link ServerTls#sslContext()}. */
class TlsHandshakeTest {

    /** TLS record content types (RFC 8446 §5.1 / RFC 5246 §6.2.1). */
    private static final int HANDSHAKE = 22;
    private static final int ALERT = 21;

    @TempDir
    Path dataDir;

    private ServerTls tls;
    private TlsTestServer server;

    @BeforeEach
    void start() throws Exception {
        tls = ServerTls.open(TlsSettings.selfSigned(), dataDir, "localhost", Clock.systemUTC());
        server = new TlsTestServer(tls);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        tls.close();
    }

    @Test
    void tls13HandshakeWithTheSelfSignedCertificate() throws Exception {
        try (SSLSocket socket = server.connect("TLSv1.3")) {
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
            assertEquals(tls.certificate(), TlsTestServer.peer(socket));
            assertTrue(ServerTls.CIPHER_SUITES.contains(socket.getSession().getCipherSuite()));
            TlsTestServer.assertEchoes(socket, "hello over 1.3");
        }
    }

    @Test
    void tls12HandshakeUsesEcdheAead() throws Exception {
        try (SSLSocket socket = server.connect("TLSv1.2")) {
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            String suite = socket.getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("CHACHA20")),
                    suite);
            TlsTestServer.assertEchoes(socket, "hello over 1.2");
        }
    }

    @Test
    void onlyTls13And12AreEnabledOnTheServerEngine() {
        SSLEngine engine = tls.sslContext().newEngine(ByteBufAllocator.DEFAULT);
        try {
            Set<String> protocols = new HashSet<>(List.of(engine.getEnabledProtocols()));
            // Netty reports it for OpenSSL engines; BoringSSL refuses that hello format (TlsProviderTest)
            protocols.remove("SSLv2Hello");
            assertEquals(Set.of("TLSv1.3", "TLSv1.2"), protocols);
            for (String suite : engine.getEnabledCipherSuites()) {
                assertTrue(ServerTls.CIPHER_SUITES.contains(suite), suite);
            }
            assertEquals(false, engine.getNeedClientAuth());
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void renegotiationIsRefusedJvmWide() {
        assertEquals("true", System.getProperty(ServerTls.REJECT_RENEGOTIATION));
    }

    /**
     * TLS 1.0 (0x0301) and 1.1 (0x0302) ClientHellos are answered with an alert (or a close), never a
     * ServerHello (RFC 8996 deprecates both). The JDK client cannot even offer them any more, so the
     * ClientHello is written by hand; the same hello with 0x0303 gets a ServerHello, which shows the
     * hand-written hello is well formed.
     */
    @ParameterizedTest(name = "client version 0x030{0}")
    @ValueSource(ints = {1, 2, 3})
    void legacyProtocolVersionsAreRefused(int minor) throws Exception {
        try (Socket socket = server.connectPlain()) {
            socket.getOutputStream().write(clientHello(minor));
            socket.getOutputStream().flush();
            int contentType = socket.getInputStream().read();
            if (minor == 3) {
                assertEquals(HANDSHAKE, contentType, "TLS 1.2 gets a ServerHello");
            } else {
                assertTrue(contentType == ALERT || contentType == -1, "refused, got record type " + contentType);
            }
        }
    }

    /** Issue 5 (slowloris on TLS): a connection that never completes the handshake is closed. */
    @Test
    void silentClientIsDisconnectedAfterTheHandshakeTimeout() throws Exception {
        try (TlsTestServer strict = new TlsTestServer(tls, Duration.ofMillis(300));
             Socket socket = strict.connectPlain()) {
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed without a byte");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 200 && elapsedMs < 4_000, "closed after " + elapsedMs + " ms");
        }
    }

    @Test
    void rsaCertificateFromPemFiles() throws Exception {
        KeyPair rsa = TestCertificates.rsa();
        X509Certificate cert = TestCertificates.selfSigned("rsa.example", rsa);
        Path certFile = dataDir.resolve("rsa-cert.pem");
        Path keyFile = dataDir.resolve("rsa-key.pem");
        TestCertificates.writePem(certFile, cert);
        Files.write(keyFile, TestCertificates.traditionalPem(rsa.getPrivate()));
        try (ServerTls rsaTls = ServerTls.open(new TlsSettings(certFile, keyFile, Duration.ZERO), dataDir, "",
                Clock.systemUTC());
             TlsTestServer rsaServer = new TlsTestServer(rsaTls)) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                try (SSLSocket socket = rsaServer.connect(protocol)) {
                    assertEquals(protocol, socket.getSession().getProtocol());
                    assertEquals(cert, TlsTestServer.peer(socket));
                    assertNotEquals("", socket.getSession().getCipherSuite());
                    TlsTestServer.assertEchoes(socket, "rsa " + protocol);
                }
            }
        }
    }

    /** A minimal ClientHello record (RFC 5246 §7.4.1.2) with the given legacy version 0x03{minor}. */
    private static byte[] clientHello(int minor) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(minor);
        body.writeBytes(new byte[32]); // random
        body.write(0); // empty session id
        int[] suites = {0xC02B, 0xC02F, 0xC009, 0xC013, 0x002F, 0x0035};
        writeShort(body, suites.length * 2);
        for (int suite : suites) {
            writeShort(body, suite);
        }
        body.write(1); // one compression method: null
        body.write(0);
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, new byte[] {0, 2, 0, 0x17}); // supported_groups: secp256r1
        extension(extensions, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
        extension(extensions, 0x000d, new byte[] {0, 6, 4, 3, 8, 4, 4, 1}); // signature_algorithms
        writeShort(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(HANDSHAKE);
        record.write(3);
        record.write(1); // record-layer version as clients send it
        writeShort(record, body.size() + 4);
        record.write(1); // HandshakeType client_hello
        record.write(0);
        writeShort(record, body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        writeShort(out, type);
        writeShort(out, data.length);
        out.writeBytes(data);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xFF);
    }
}
