package io.turnpike.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC keys for STUN message integrity (RFC 8489 §9.1.1, §9.2.2).
 *
 * <p>Preparation: RFC 8489 applies the PRECIS OpaqueString profile (RFC 8265) to realm and password
 * (and to the short-term password); these methods do so with {@link StringPrep#opaqueString}, which is the
 * identity for ASCII. The username is used as received (the client prepared it). RFC 5389 clients used
 * SASLprep instead, which differs for some non-ASCII input (see {@link StringPrep#saslPrep}); callers
 * holding SASLprep'd secrets can pass the prepared password — it is unchanged by OpaqueString when
 * already NFC.
 */
public final class LongTermKey {
    private LongTermKey() {
    }

    /** RFC 8489 §9.2.2, algorithm MD5 (0x0001, also RFC 5389): MD5(username ":" realm ":" password). */
    public static byte[] md5(String username, String realm, String password) {
        return digest("MD5", username, realm, password);
    }

    /** RFC 8489 §9.2.2, algorithm SHA-256 (0x0002): SHA-256(username ":" realm ":" password). */
    public static byte[] sha256(String username, String realm, String password) {
        return digest("SHA-256", username, realm, password);
    }

    /**
     * The key for a PASSWORD-ALGORITHM number ({@code 1} MD5, {@code 2} SHA-256), or null for an
     * algorithm this codec does not implement.
     */
    public static byte[] forAlgorithm(int algorithm, String username, String realm, String password) {
        return switch (algorithm) {
            case 1 -> md5(username, realm, password);
            case 2 -> sha256(username, realm, password);
            default -> null;
        };
    }

    /** RFC 8489 §9.1.1: the short-term key is the UTF-8 of OpaqueString(password). */
    public static byte[] shortTerm(String password) {
        return StringPrep.opaqueString(password).getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 8489 §14.4: USERHASH = SHA-256(OpaqueString(username) ":" OpaqueString(realm)). */
    public static byte[] userHash(String username, String realm) {
        MessageDigest md = newDigest("SHA-256");
        md.update(StringPrep.opaqueString(username).getBytes(StandardCharsets.UTF_8));
        md.update((byte) ':');
        md.update(StringPrep.opaqueString(realm).getBytes(StandardCharsets.UTF_8));
        return md.digest();
    }

    private static byte[] digest(String algorithm, String username, String realm, String password) {
        MessageDigest md = newDigest(algorithm);
        md.update(username.getBytes(StandardCharsets.UTF_8));
        md.update((byte) ':');
        md.update(StringPrep.opaqueString(realm).getBytes(StandardCharsets.UTF_8));
        md.update((byte) ':');
        md.update(StringPrep.opaqueString(password).getBytes(StandardCharsets.UTF_8));
        return md.digest();
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide " + algorithm, e);
        }
    }
}
