package io.turnpike.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate renewal on disk (e.g. Let's Encrypt) reaches new connections without a restart. */
class CertificateReloadTest {

    @TempDir
    Path dir;

    private Path certFile;
    private Path keyFile;

    @BeforeEach
    void paths() {
        certFile = dir.resolve("fullchain.pem");
        keyFile = dir.resolve("privkey.pem");
    }

    /** Writes a fresh certificate and key the way a renewal does: to temporary files, then renames. */
    private X509Certificate renew(String name, KeyPair key) throws Exception {
        X509Certificate cert = TestCertificates.selfSigned(name, key);
        Path tmpCert = dir.resolve("cert.tmp");
        Path tmpKey = dir.resolve("key.tmp");
        TestCertificates.writePem(tmpCert, cert);
        Files.write(tmpKey, TestCertificates.traditionalPem(key.getPrivate()));
        Files.move(tmpKey, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCert, certFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return cert;
    }

    private ServerTls open(Duration interval) throws Exception {
        return ServerTls.open(new TlsSettings(certFile, keyFile, interval), dir, "", Clock.systemUTC());
    }

    @Test
    void newConnectionsGetTheNewCertificateEstablishedOnesKeepWorking() throws Exception {
        X509Certificate first = renew("first.example", TestCertificates.ec());
        try (ServerTls tls = open(Duration.ZERO); TlsTestServer server = new TlsTestServer(tls)) {
            List<X509Certificate> told = new CopyOnWriteArrayList<>();
            tls.addReloadListener((cert, notAfter) -> {
                assertEquals(cert.getNotAfter().toInstant(), notAfter);
                told.add(cert);
            });
            try (SSLSocket established = server.connect("TLSv1.3")) {
                assertEquals(first, TlsTestServer.peer(established));

                X509Certificate second = renew("second.example", TestCertificates.rsa());
                assertTrue(tls.checkForChanges());

                assertEquals(second, tls.certificate());
                assertEquals(List.of(second), told);
                try (SSLSocket fresh = server.connect("TLSv1.2")) {
                    assertEquals(second, TlsTestServer.peer(fresh));
                    TlsTestServer.assertEchoes(fresh, "new");
                }
                TlsTestServer.assertEchoes(established, "still here");
                assertEquals(first, TlsTestServer.peer(established));
            }
        }
    }

    @Test
    void unchangedOrMerelyTouchedFilesDoNotReload() throws Exception {
        renew("same.example", TestCertificates.ec());
        try (ServerTls tls = open(Duration.ZERO)) {
            assertFalse(tls.checkForChanges());
            Files.setLastModifiedTime(certFile, FileTime.from(Instant.now().plusSeconds(5)));
            assertFalse(tls.checkForChanges());
        }
    }

    @Test
    void corruptReplacementKeepsTheOldCertificate() throws Exception {
        X509Certificate good = renew("good.example", TestCertificates.ec());
        try (ServerTls tls = open(Duration.ZERO); TlsTestServer server = new TlsTestServer(tls)) {
            Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n");
            assertFalse(tls.checkForChanges());
            assertFalse(tls.checkForChanges(), "the same broken content is not retried");
            assertEquals(good, tls.certificate());
            try (SSLSocket socket = server.connect("TLSv1.3")) {
                assertEquals(good, TlsTestServer.peer(socket));
            }
        }
    }

    @Test
    void halfRenewedPairWithMismatchedKeyKeepsTheOldCertificateUntilTheKeyArrives() throws Exception {
        X509Certificate good = renew("good.example", TestCertificates.ec());
        try (ServerTls tls = open(Duration.ZERO)) {
            KeyPair next = TestCertificates.ec();
            X509Certificate nextCert = TestCertificates.selfSigned("next.example", next);
            TestCertificates.writePem(certFile, nextCert); // certificate first, key not yet
            assertFalse(tls.checkForChanges());
            assertEquals(good, tls.certificate());

            Files.write(keyFile, TestCertificates.traditionalPem(next.getPrivate()));
            assertTrue(tls.checkForChanges());
            assertEquals(nextCert, tls.certificate());
        }
    }

    @Test
    void startWatchingReloadsOnItsOwn() throws Exception {
        renew("first.example", TestCertificates.ec());
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (ServerTls tls = open(Duration.ofMillis(20))) {
            tls.startWatching(executor);
            X509Certificate second = renew("second.example", TestCertificates.ec());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!tls.certificate().equals(second) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(second, tls.certificate());
        } finally {
            executor.shutdownNow();
        }
    }
}
