package io.turnpike.server.tls;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Keys and certificates generated at test run time (nothing secret is committed). */
final class TestCertificates {

    private TestCertificates() {
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subject} with {@code subjectKey}, signed by {@code issuerKey}. */
    static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey)
            throws Exception {
        Instant now = Instant.now();
        String algorithm = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + subject), subjectKey.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate())));
    }

    static X509Certificate selfSigned(String name, KeyPair key) throws Exception {
        return certificate(name, key, name, key);
    }

    /** Writes PEM with BouncyCastle's JcaPEMWriter. */
    static void writePem(Path file, Object... objects) throws Exception {
        Files.write(file, PemFiles.encode(objects));
    }

    /**
     * The key in the traditional form OpenSSL writes: {@code RSA PRIVATE KEY} (PKCS#1) or
     * {@code EC PRIVATE KEY} (SEC 1 with the named curve inside, as {@code openssl ecparam -genkey}
     * does; BouncyCastle's writer would leave the curve out of a JDK key).
     */
    static byte[] traditionalPem(PrivateKey key) throws Exception {
        if (!key.getAlgorithm().equals("EC")) {
            return PemFiles.encode(key);
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ECPrivateKey sec1 = new ECPrivateKey(inner.getPrivateKey(), info.getPrivateKeyAlgorithm().getParameters(),
                inner.getPublicKey());
        return PemFiles.encode(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
}
