package io.turnpike.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "TURN REST API" shared-secret credential scheme, as coturn's {@code use-auth-secret} and
 * Cloudflare-style credential services use it: username {@code <unix-expiry>:<name>}, password
 * {@code base64(HMAC-SHA1(secret, username))}. The TURN server then runs the ordinary long-term
 * credential mechanism (RFC 8489 §9.2) with that password, refusing usernames whose expiry passed.
 */
public final class RestCredentials {
    private static final String HMAC_SHA1 = "HmacSHA1";

    private RestCredentials() {
    }

    /** A minted credential: the username and password a client puts in its ICE server entry. */
    public record Credential(String username, String password, long expiresAtEpochSeconds) {
    }

    /**
     * Mints a credential valid until {@code expiresAtEpochSeconds}.
     *
     * @param secret the shared secret (raw bytes, as configured)
     * @param expiresAtEpochSeconds unix time after which the TURN server refuses the username
     * @param name the user tag carried after the first colon; may be empty (then the username is
     *     the expiry alone) and may itself contain colons
     */
    public static Credential mint(byte[] secret, long expiresAtEpochSeconds, String name) {
        String username = name == null || name.isEmpty()
                ? Long.toString(expiresAtEpochSeconds)
                : expiresAtEpochSeconds + ":" + name;
        return new Credential(username, password(secret, username), expiresAtEpochSeconds);
    }

    /** The password for {@code username} under {@code secret}: base64(HMAC-SHA1(secret, username)). */
    public static String password(byte[] secret, String username) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(secret, HMAC_SHA1));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 unavailable", e);
        }
    }

    /**
     * The expiry (unix seconds) encoded in a REST username, or -1 when the username is not of the
     * form {@code <digits>} or {@code <digits>:<tag>}.
     */
    public static long expiryOf(String username) {
        int colon = username.indexOf(':');
        int end = colon < 0 ? username.length() : colon;
        if (end == 0 || end > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            char c = username.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The user tag of a REST username (what follows the first colon), or "" when there is none. */
    public static String tagOf(String username) {
        int colon = username.indexOf(':');
        return colon < 0 ? "" : username.substring(colon + 1);
    }
}
