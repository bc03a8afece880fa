package io.turnpike.server.tls;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate used when the operator configured no PEM files: an EC P-256 key and
 * a SHA256withECDSA certificate whose CN and subjectAltName are the server's public host name (or
 * IP address), valid one year, kept in {@code dataDir/tls/cert.pem} and {@code key.pem} (mode 600)
 * so that a restart reuses it and clients that pinned it keep working.
 */
final class SelfSignedStore {

    /** Validity of a generated certificate. */
    static final Duration VALIDITY = Duration.ofDays(365);
    /** A certificate this close to expiry is replaced, so it never actually expires in service. */
    static final Duration RENEW_BEFORE = Duration.ofDays(1);
    /** notBefore is back-dated a little so clients with a slow clock accept a fresh certificate. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedStore.class);

    private final Path dir;
    private final String commonName;
    private final Clock clock;

    SelfSignedStore(Path dataDir, String commonName, Clock clock) {
        this.dir = dataDir.resolve("tls");
        this.commonName = commonName == null || commonName.isBlank() ? "localhost" : commonName.trim();
        this.clock = clock;
    }

    Path certificateFile() {
        return dir.resolve("cert.pem");
    }

    Path keyFile() {
        return dir.resolve("key.pem");
    }

    /** True when the certificate must be replaced: (nearly) expired or issued for another name. */
    boolean needsRenewal(X509Certificate cert) {
        Instant renewAt = cert.getNotAfter().toInstant().minus(RENEW_BEFORE);
        return !clock.instant().isBefore(renewAt) || !coversName(cert);
    }

    /**
     * The stored certificate when it is still good, otherwise a freshly generated one (written to
     * disk before it is returned).
     */
    TlsMaterial loadOrCreate() throws IOException {
        if (Files.exists(certificateFile()) && Files.exists(keyFile())) {
            try {
                List<X509Certificate> chain = PemFiles.readCertificates(Files.readAllBytes(certificateFile()));
                PrivateKey key = PemFiles.readPrivateKey(Files.readAllBytes(keyFile()));
                PemFiles.checkKeyMatches(key, chain.get(0));
                if (!needsRenewal(chain.get(0))) {
                    return new TlsMaterial(key, chain);
                }
                LOG.info("Self-signed certificate in {} expires {} or does not name {}; generating a new one",
                        dir, chain.get(0).getNotAfter().toInstant(), commonName);
            } catch (IOException e) {
                LOG.warn("Self-signed certificate in {} is unreadable ({}); generating a new one", dir, e.getMessage());
            }
        }
        return generate();
    }

    /** Generates a new key and certificate and stores them, replacing any previous pair. */
    TlsMaterial generate() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = sign(pair);
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            writeAtomically(keyFile(), PemFiles.encode(new JcaPKCS8Generator(pair.getPrivate(), null)), "rw-------");
            writeAtomically(certificateFile(), PemFiles.encode(cert), "rw-r--r--");
            LOG.info("Generated a self-signed TLS certificate for {} valid until {} in {}",
                    commonName, cert.getNotAfter().toInstant(), dir);
            return new TlsMaterial(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private X509Certificate sign(KeyPair pair)
            throws OperatorCreationException, GeneralSecurityException, CertIOException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = clock.instant();
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 64 random bits are plenty.
        BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(62);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        int sanType = isIpLiteral(commonName) ? GeneralName.iPAddress : GeneralName.dNSName;
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(sanType, commonName)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private boolean coversName(X509Certificate cert) {
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null) {
            return false;
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(commonName);
        for (List<?> entry : names) {
            int type = (Integer) entry.get(0);
            String value = String.valueOf(entry.get(1));
            if (type == GeneralName.dNSName && ip == null && value.equalsIgnoreCase(commonName)) {
                return true;
            }
            if (type == GeneralName.iPAddress && ip != null
                    && Arrays.equals(ip, NetUtil.createByteArrayFromIpAddressString(value))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIpLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    /** Writes to a temporary sibling created with the final permissions, then renames over the target. */
    private static void writeAtomically(Path target, byte[] content, String permissions) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, posix(target, permissions));
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileAttribute<?>[] posix(Path path, String permissions) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
