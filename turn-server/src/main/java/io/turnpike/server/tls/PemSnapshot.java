package io.turnpike.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bytes of the certificate and key files read at one moment, with a SHA-256 digest over both.
 * Reloads compare digests rather than modification times: certbot and friends replace files through
 * symlinks and renames whose times are not reliable, and the files are a few kilobytes.
 */
final class PemSnapshot {

    private final byte[] certificate;
    private final byte[] key;
    private final byte[] digest;

    private PemSnapshot(byte[] certificate, byte[] key) {
        this.certificate = certificate;
        this.key = key;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(certificate);
            // A separator so that moving bytes from one file to the other changes the digest.
            sha256.update((byte) 0);
            sha256.update(key);
            this.digest = sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Reads both files now. */
    static PemSnapshot read(Path certificate, Path key) throws IOException {
        return new PemSnapshot(Files.readAllBytes(certificate), Files.readAllBytes(key));
    }

    byte[] certificate() {
        return certificate;
    }

    byte[] key() {
        return key;
    }

    /** True when {@code other} is not null and has exactly the same content. */
    boolean sameContent(PemSnapshot other) {
        return other != null && MessageDigest.isEqual(digest, other.digest);
    }

    /** The parsed, matching key and chain. */
    TlsMaterial parse() throws IOException {
        TlsMaterial material = new TlsMaterial(PemFiles.readPrivateKey(key), PemFiles.readCertificates(certificate));
        PemFiles.checkKeyMatches(material.key(), material.leaf());
        return material;
    }
}
