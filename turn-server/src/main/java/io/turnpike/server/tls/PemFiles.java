package io.turnpike.server.tls;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM reading and writing with BouncyCastle's parser, converted to JDK key and certificate types
 * with the default JCA providers (no provider is registered globally).
 */
final class PemFiles {

    private PemFiles() {
    }

    /**
     * Every certificate in the PEM text, in file order (leaf first for a chain such as Let's
     * Encrypt's {@code fullchain.pem}); other blocks are skipped.
     *
     * @throws IOException when the text holds no certificate or a block is malformed
     */
    static List<X509Certificate> readCertificates(byte[] pem) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            // BouncyCastle reports some malformed blocks as unchecked exceptions.
            throw new IOException("malformed certificate PEM: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException("no CERTIFICATE block found");
        }
        return chain;
    }

    /**
     * The first private key in the PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}) or traditional
     * ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC PRIVATE KEY}). Encrypted keys are refused
     * because the server has nowhere safe to take a passphrase from.
     *
     * @throws IOException when there is no usable key
     */
    static PrivateKey readPrivateKey(byte[] pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (block instanceof PEMEncryptedKeyPair || block instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException("encrypted private keys are not supported; store the key unencrypted "
                            + "with file mode 600");
                }
                // EC PARAMETERS and certificates may precede the key: skip them.
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed private key PEM: " + e.getMessage(), e);
        }
        throw new IOException("no PRIVATE KEY block found");
    }

    /** PEM text of the given objects (certificates, keys), as BouncyCastle's writer encodes them. */
    static byte[] encode(Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Proves that the private key belongs to the leaf certificate by signing a random challenge and
     * verifying it with the certificate's public key. Catches a renewal caught half-way (new
     * certificate, old key), which would otherwise fail every handshake.
     *
     * @throws IOException when they do not match
     */
    static void checkKeyMatches(PrivateKey key, X509Certificate leaf) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // unusual key type: the handshake itself will tell
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            PublicKey publicKey = leaf.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new IOException("the private key does not belong to the certificate "
                        + leaf.getSubjectX500Principal().getName());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not fit the certificate: " + e.getMessage(), e);
        }
    }

    private static PEMParser parser(byte[] pem) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }
}
