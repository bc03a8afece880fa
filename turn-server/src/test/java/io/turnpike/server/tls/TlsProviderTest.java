package io.turnpike.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code turnpike.tls.provider}: {@code auto} serves TLS with BoringSSL (netty-tcnative) on
 * linux-x86_64, where the jar bundles it, with the same protocols and cipher suites as the JDK
 * provider; {@code jdk} keeps the JDK's SSLEngine; anything else stops start-up naming the key.
 */
class TlsProviderTest {

    /** TLS record content type of an alert (RFC 8446 §5.1). */
    private static final int ALERT = 21;

    @TempDir
    Path dataDir;

    private static Config section(String provider) {
        return ConfigFactory.parseString("provider = " + provider)
                .withFallback(ConfigFactory.parseResources("reference.conf").resolve().getConfig("turnpike.tls"));
    }

    @Test
    void autoPicksBoringSslOnLinuxX8664() throws Exception {
        assertTrue(OpenSsl.isAvailable(), "netty-tcnative-boringssl-static loads: " + OpenSsl.unavailabilityCause());
        assertTrue(OpenSsl.versionString().contains("BoringSSL"), OpenSsl.versionString());
        TlsSettings settings = TlsSettings.from(section("auto"));
        assertEquals(SslProvider.OPENSSL, settings.provider());
        assertEquals(SslProvider.OPENSSL, TlsSettings.selfSigned().provider(), "the default is auto");
        servesWith(settings, OpenSslContext.class);
    }

    @Test
    void jdkForcesTheJdkEngine() throws Exception {
        TlsSettings settings = TlsSettings.from(section("JDK"));
        assertEquals(SslProvider.JDK, settings.provider());
        servesWith(settings, JdkSslContext.class);
    }

    /**
     * RFC 5746 renegotiation is a TLS 1.2 abuse vector (CPU per handshake on an open connection):
     * BoringSSL never renegotiates as a server, the JDK engine is told to refuse through
     * {@link ServerTls#REJECT_RENEGOTIATION}. The client's second handshake fails and the
     * connection carries no more data.
     */
    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void clientInitiatedRenegotiationIsRefused(String provider) throws Exception {
        try (ServerTls tls = ServerTls.open(TlsSettings.from(section(provider)), dataDir, "localhost",
                Clock.systemUTC());
             TlsTestServer server = new TlsTestServer(tls);
             SSLSocket socket = server.connect("TLSv1.2")) {
            TlsTestServer.assertEchoes(socket, "before");
            assertThrows(java.io.IOException.class, () -> {
                socket.startHandshake();
                TlsTestServer.assertEchoes(socket, "after");
            });
        }
    }

    @Test
    void openSslIsAcceptedWhereBoringSslLoads() {
        assertEquals(SslProvider.OPENSSL, TlsSettings.from(section("openssl")).provider());
    }

    @Test
    void withoutBoringSslAutoFallsBackToTheJdkAndOpensslStopsStartUpNamingTheKey() {
        assertEquals(SslProvider.JDK, TlsSettings.from(section("auto"), false).provider());
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section("openssl"), false));
        assertTrue(e.getMessage().contains("turnpike.tls.provider"), e.getMessage());
        assertTrue(e.getMessage().contains("does not load"), e.getMessage());
    }

    @Test
    void unknownProviderIsAConfigErrorNamingTheKey() {
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> TlsSettings.from(section("boringssl")));
        assertTrue(e.getMessage().contains("turnpike.tls.provider"), e.getMessage());
        assertTrue(e.getMessage().contains("auto, openssl or jdk"), e.getMessage());
    }

    /**
     * Netty lists the pseudo-protocol {@code SSLv2Hello} (an SSL 2.0-format ClientHello, RFC 5246
     * Appendix E.2) among an OpenSSL engine's enabled protocols because OpenSSL has no switch for it.
     * BoringSSL refuses that format anyway: asking for TLS 1.0 (0x0301) or even 1.2 (0x0303) in it
     * gets an alert (or a close), never a ServerHello.
     */
    @ParameterizedTest(name = "SSLv2-format hello asking for 0x030{0}")
    @ValueSource(ints = {1, 3})
    void sslV2FormatHelloIsRefusedByBoringSsl(int minor) throws Exception {
        try (ServerTls tls = ServerTls.open(TlsSettings.selfSigned(), dataDir, "localhost", Clock.systemUTC());
             TlsTestServer server = new TlsTestServer(tls);
             Socket socket = server.connectPlain()) {
            assertEquals(SslProvider.OPENSSL, tls.provider());
            byte[] hello = new byte[2 + 44];
            hello[0] = (byte) 0x80;
            hello[1] = 44;
            hello[2] = 1; // CLIENT-HELLO
            hello[3] = 3;
            hello[4] = (byte) minor;
            hello[6] = 3; // cipher_spec_length: one V2CipherSpec
            hello[10] = 32; // challenge_length
            hello[12] = (byte) 0xC0; // {0x00, 0xC0, 0x2B} TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            hello[13] = 0x2B;
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            int contentType = socket.getInputStream().read();
            assertTrue(contentType == ALERT || contentType == -1, "refused, got record type " + contentType);
        }
    }

    /**
     * The cipher-suite filter keeps the policy on either provider: TLS 1.3 and 1.2 only, every
     * enabled suite from {@link ServerTls#CIPHER_SUITES} (reported under its IANA name also by
     * BoringSSL, which calls them {@code ECDHE-ECDSA-AES128-GCM-SHA256} and so on), and with both
     * the TLS 1.3 suites and ECDHE-ECDSA ones for the self-signed EC certificate present.
     */
    private static void assertSameProtocolsAndSuites(ServerTls tls) {
        SSLEngine engine = tls.sslContext().newEngine(ByteBufAllocator.DEFAULT);
        try {
            Set<String> suites = new LinkedHashSet<>(List.of(engine.getEnabledCipherSuites()));
            System.out.println("TLS provider " + ServerTls.providerName(tls.provider())
                    + " enables " + suites);
            Set<String> protocols = new LinkedHashSet<>(List.of(engine.getEnabledProtocols()));
            protocols.remove("SSLv2Hello"); // see sslV2FormatHelloIsRefusedByBoringSsl
            assertEquals(Set.of("TLSv1.3", "TLSv1.2"), protocols);
            assertTrue(ServerTls.CIPHER_SUITES.containsAll(suites), suites.toString());
            assertTrue(suites.containsAll(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                    "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")), suites.toString());
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    /** Both contexts (plain and ALPN) come from the provider; protocols, suites and handshakes hold. */
    private void servesWith(TlsSettings settings, Class<? extends SslContext> type) throws Exception {
        try (ServerTls tls = ServerTls.open(settings, dataDir, "localhost", Clock.systemUTC());
             TlsTestServer server = new TlsTestServer(tls)) {
            assertInstanceOf(type, tls.sslContext());
            assertInstanceOf(type, tls.alpnContext());
            assertSameProtocolsAndSuites(tls);
            handshakes(server, tls);
        }
    }

    /** A JDK client negotiates TLS 1.3, and TLS 1.2 with an ECDHE AEAD suite, and data flows. */
    private static void handshakes(TlsTestServer server, ServerTls tls) throws Exception {
        try (SSLSocket socket = server.connect("TLSv1.3", "TLSv1.2")) {
            assertEquals("TLSv1.3", socket.getSession().getProtocol(), "the newest version wins");
            assertEquals(tls.certificate(), TlsTestServer.peer(socket));
            TlsTestServer.assertEchoes(socket, "hello over 1.3");
        }
        try (SSLSocket socket = server.connect("TLSv1.2")) {
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            String suite = socket.getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_ECDSA_") && ServerTls.CIPHER_SUITES.contains(suite), suite);
            TlsTestServer.assertEchoes(socket, "hello over 1.2");
        }
    }
}
