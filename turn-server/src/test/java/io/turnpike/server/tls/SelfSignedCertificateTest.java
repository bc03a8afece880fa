package io.turnpike.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.now());

    private ServerTls open(String commonName) throws Exception {
        return ServerTls.open(TlsSettings.selfSigned(), dataDir, commonName, clock);
    }

    @Test
    void firstStartGeneratesEcP256CertificateForTheHostName() throws Exception {
        X509Certificate cert = open("turn.example.org").certificate();

        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        ECPublicKey key = (ECPublicKey) cert.getPublicKey();
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertEquals("CN=turn.example.org", cert.getSubjectX500Principal().getName());
        assertEquals(List.of(List.of(GeneralName.dNSName, "turn.example.org")), sans(cert));
        Duration validity = Duration.between(clock.instant(), cert.getNotAfter().toInstant());
        assertTrue(validity.compareTo(Duration.ofDays(364)) > 0 && validity.compareTo(Duration.ofDays(366)) < 0,
                "one year: " + validity);
        cert.verify(cert.getPublicKey()); // self-signed
        assertTrue(Files.isRegularFile(dataDir.resolve("tls/cert.pem")));
        assertTrue(Files.isRegularFile(dataDir.resolve("tls/key.pem")));
    }

    @Test
    void privateKeyFileIsReadableByOwnerOnly() throws Exception {
        open("localhost");
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dataDir.resolve("tls/key.pem")));
        assertFalse(Files.exists(dataDir.resolve("tls/key.pem.tmp")));
    }

    @Test
    void ipAddressBecomesAnIpSubjectAltName() throws Exception {
        X509Certificate cert = open("203.0.113.7").certificate();
        assertEquals(List.of(List.of(GeneralName.iPAddress, "203.0.113.7")), sans(cert));
    }

    @Test
    void restartReusesTheStoredCertificate() throws Exception {
        X509Certificate first = open("turn.example.org").certificate();
        byte[] keyFile = Files.readAllBytes(dataDir.resolve("tls/key.pem"));

        clock.advance(Duration.ofDays(100));
        X509Certificate second = open("turn.example.org").certificate();

        assertEquals(first, second);
        assertArrayEquals(keyFile, Files.readAllBytes(dataDir.resolve("tls/key.pem")));
    }

    @Test
    void expiredCertificateIsRegeneratedAtStart() throws Exception {
        X509Certificate first = open("turn.example.org").certificate();
        clock.advance(Duration.ofDays(366));
        X509Certificate second = open("turn.example.org").certificate();
        assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
        assertTrue(second.getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(364))));
    }

    @Test
    void runningServerRenewsBeforeExpiryAndTellsListeners() throws Exception {
        ServerTls tls = open("turn.example.org");
        X509Certificate first = tls.certificate();
        List<Instant> told = new ArrayList<>();
        tls.addReloadListener((cert, notAfter) -> told.add(notAfter));

        clock.advance(Duration.ofDays(300));
        assertFalse(tls.checkForChanges(), "still valid for two months");
        clock.advance(Duration.ofDays(65));
        assertTrue(tls.checkForChanges(), "one day before expiry it is renewed");

        assertNotEquals(first, tls.certificate());
        assertEquals(List.of(tls.notAfter()), told);
        assertEquals(tls.certificate(), open("turn.example.org").certificate(), "the renewal was stored");
    }

    @Test
    void changedPublicHostGetsANewCertificate() throws Exception {
        open("old.example.org");
        X509Certificate cert = open("new.example.org").certificate();
        assertEquals(List.of(List.of(GeneralName.dNSName, "new.example.org")), sans(cert));
    }

    @Test
    void corruptStoredFilesAreReplaced() throws Exception {
        open("localhost");
        Files.writeString(dataDir.resolve("tls/cert.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n");
        X509Certificate cert = open("localhost").certificate();
        cert.verify(cert.getPublicKey());
    }

    private static List<List<?>> sans(X509Certificate cert) throws Exception {
        return new ArrayList<>(cert.getSubjectAlternativeNames());
    }
}
