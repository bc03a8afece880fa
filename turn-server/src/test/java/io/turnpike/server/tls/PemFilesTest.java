package io.turnpike.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void traditionalRsaKeyAndCertificateLoad() throws Exception {
        KeyPair rsa = TestCertificates.rsa();
        X509Certificate cert = TestCertificates.selfSigned("rsa.example", rsa);
        byte[] pem = TestCertificates.traditionalPem(rsa.getPrivate());
        assertTrue(new String(pem, StandardCharsets.US_ASCII).contains("BEGIN RSA PRIVATE KEY"));

        ServerTls tls = openFiles(cert, pem);

        assertEquals(cert, tls.certificate());
    }

    @Test
    void traditionalEcKeyLoads() throws Exception {
        KeyPair ec = TestCertificates.ec();
        byte[] pem = TestCertificates.traditionalPem(ec.getPrivate());
        assertTrue(new String(pem, StandardCharsets.US_ASCII).contains("BEGIN EC PRIVATE KEY"));
        ECPrivateKey key = (ECPrivateKey) PemFiles.readPrivateKey(pem);
        assertEquals(((ECPrivateKey) ec.getPrivate()).getS(), key.getS());
        assertEquals(((ECPrivateKey) ec.getPrivate()).getParams().getCurve(), key.getParams().getCurve());
    }

    @Test
    void pkcs8KeysLoad() throws Exception {
        for (KeyPair pair : List.of(TestCertificates.ec(), TestCertificates.rsa())) {
            byte[] pem = PemFiles.encode(new JcaPKCS8Generator(pair.getPrivate(), null));
            assertTrue(new String(pem, StandardCharsets.US_ASCII).contains("BEGIN PRIVATE KEY"));
            assertArrayEquals(pair.getPrivate().getEncoded(), PemFiles.readPrivateKey(pem).getEncoded());
        }
    }

    @Test
    void fullChainKeepsLeafFirst() throws Exception {
        KeyPair ca = TestCertificates.ec();
        KeyPair leafKey = TestCertificates.ec();
        X509Certificate caCert = TestCertificates.selfSigned("Test CA", ca);
        X509Certificate leaf = TestCertificates.certificate("turn.example", leafKey, "Test CA", ca);
        Path certFile = dir.resolve("fullchain.pem");
        Path keyFile = dir.resolve("privkey.pem");
        TestCertificates.writePem(certFile, leaf, caCert);
        java.nio.file.Files.write(keyFile, TestCertificates.traditionalPem(leafKey.getPrivate()));

        ServerTls tls = ServerTls.open(new TlsSettings(certFile, keyFile, java.time.Duration.ZERO), dir, "",
                Clock.systemUTC());

        assertEquals(List.of(leaf, caCert), tls.certificateChain());
        assertEquals(leaf.getNotAfter().toInstant(), tls.notAfter());
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        X509Certificate cert = TestCertificates.selfSigned("a", TestCertificates.ec());
        IOException e = assertThrows(IOException.class,
                () -> openFiles(cert, TestCertificates.traditionalPem(TestCertificates.ec().getPrivate())));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void fileWithoutCertificateOrKeyIsRefused() {
        byte[] text = "hello\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> PemFiles.readCertificates(text));
        assertThrows(IOException.class, () -> PemFiles.readPrivateKey(text));
    }

    @Test
    void malformedBase64IsAnIoException() {
        byte[] text = "-----BEGIN CERTIFICATE-----\nAAAA%%%%\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> PemFiles.readCertificates(text));
    }

    private ServerTls openFiles(X509Certificate cert, byte[] keyPem) throws Exception {
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        TestCertificates.writePem(certFile, cert);
        java.nio.file.Files.write(keyFile, keyPem);
        return ServerTls.open(new TlsSettings(certFile, keyFile, java.time.Duration.ZERO), dir, "", Clock.systemUTC());
    }
}
