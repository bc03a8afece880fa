package io.turnpike.server.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 8489 §9.2): the server keeps no table, so a flood of first requests costs
 * no memory. Two forms, both checked by {@link #check}:
 *
 * <p>The RFC 8489 form starts with the nonce cookie ({@link SecurityFeatures#cookie}, 13 characters)
 * followed by 20 base64url characters encoding 15 bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  expiry (unix seconds, unsigned)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             salt (random, 24 bits)            |               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               +
 * |  HMAC-SHA256(process key, 1 || feature bits || expiry || salt  |
 * +                 || client IP) truncated to 64 bits            +
 * |                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The MAC covers the cookie's feature bits, so a cookie altered on the path makes the nonce invalid
 * (bid-down protection, §9.2.1); the salt makes two nonces for two requests differ even from one IP
 * address (§9.2.4: "MUST NOT choose the same NONCE for two requests unless they have the same source
 * IP address and port").
 *
 * <p>The RFC 5389 form (no cookie) is 16 base64url characters: expiry, then HMAC-SHA256(process key,
 * 0 || expiry || client IP) truncated to 64 bits. It is only used where the cookie form does not fit
 * the amplification bound of an answer to a tiny first request.
 *
 * <p>The key is random per process, so a restart makes old nonces stale (the client then gets 438
 * and retries with a new one). Binding the client IP makes a nonce replayed from another address
 * stale too.
 */
public final class NonceService {
    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 8;
    private static final int RAW_BYTES = 4 + MAC_BYTES;
    private static final int SALT_BYTES = 3;
    private static final int COOKIE_RAW_BYTES = 4 + SALT_BYTES + MAC_BYTES;
    /** Length of every RFC 5389-style nonce this service issues. */
    public static final int NONCE_LENGTH = 16;
    /** Length of every nonce with a cookie this service issues. */
    public static final int COOKIE_NONCE_LENGTH = SecurityFeatures.COOKIE_LENGTH + 20;

    /** What {@link #check} found. */
    public enum Verdict {
        /** Issued by this process for this client and not expired. */
        VALID,
        /** Issued by us for this client, but expired: 438. */
        EXPIRED,
        /** Not ours, not for this address, or malformed: also 438 (RFC 8489 §9.2.4). */
        INVALID
    }

    private final SecretKeySpec key;
    private final long lifetimeMillis;

    /** A service with a fresh random key. */
    public NonceService(SecureRandom random, long lifetimeMillis) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, HMAC);
        this.lifetimeMillis = lifetimeMillis;
    }

    /** A new RFC 5389-style nonce (no cookie) for {@code client}, valid for the lifetime from {@code nowMillis}. */
    public String issue(InetAddress client, long nowMillis) {
        long expiry = expiry(nowMillis);
        byte[] raw = new byte[RAW_BYTES];
        putInt(raw, 0, expiry);
        System.arraycopy(mac(-1, expiry, null, client), 0, raw, 4, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * A new nonce starting with the cookie of {@code featureBits} (RFC 8489 §9.2) for {@code client},
     * valid for the lifetime from {@code nowMillis}.
     */
    public String issue(InetAddress client, long nowMillis, int featureBits) {
        long expiry = expiry(nowMillis);
        byte[] raw = new byte[COOKIE_RAW_BYTES];
        putInt(raw, 0, expiry);
        // Uniqueness only (the MAC is what cannot be forged), so a non-cryptographic source will do.
        int salt = ThreadLocalRandom.current().nextInt();
        raw[4] = (byte) (salt >>> 16);
        raw[5] = (byte) (salt >>> 8);
        raw[6] = (byte) salt;
        byte[] saltBytes = {raw[4], raw[5], raw[6]};
        System.arraycopy(mac(featureBits, expiry, saltBytes, client), 0, raw, 4 + SALT_BYTES, MAC_BYTES);
        return SecurityFeatures.cookie(featureBits) + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Checks a NONCE value received from {@code client}, in either form. */
    public Verdict check(String nonce, InetAddress client, long nowMillis) {
        boolean cookie = nonce.length() == COOKIE_NONCE_LENGTH;
        if (!cookie && nonce.length() != NONCE_LENGTH) {
            return Verdict.INVALID;
        }
        int bits = -1;
        if (cookie) {
            bits = SecurityFeatures.bitsOf(nonce);
            if (bits < 0) {
                return Verdict.INVALID;
            }
        }
        byte[] raw;
        try {
            String body = cookie ? nonce.substring(SecurityFeatures.COOKIE_LENGTH) : nonce;
            raw = Base64.getUrlDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (raw.length != (cookie ? COOKIE_RAW_BYTES : RAW_BYTES)) {
            return Verdict.INVALID;
        }
        long expiry = ((raw[0] & 0xFFL) << 24) | ((raw[1] & 0xFFL) << 16) | ((raw[2] & 0xFFL) << 8) | (raw[3] & 0xFFL);
        byte[] salt = cookie ? Arrays.copyOfRange(raw, 4, 4 + SALT_BYTES) : null;
        byte[] want = Arrays.copyOf(mac(bits, expiry, salt, client), MAC_BYTES);
        byte[] given = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
        if (!MessageDigest.isEqual(given, want)) {
            return Verdict.INVALID;
        }
        return expiry * 1000 <= nowMillis ? Verdict.EXPIRED : Verdict.VALID;
    }

    private long expiry(long nowMillis) {
        return (nowMillis + lifetimeMillis + 999) / 1000;
    }

    /** The MAC of a cookie nonce ({@code bits} >= 0, with salt) or of a plain one (bits -1, no salt). */
    private byte[] mac(int bits, long expiry, byte[] salt, InetAddress client) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            // A leading form byte keeps the two forms' MAC inputs apart.
            if (bits < 0) {
                mac.update((byte) 0);
            } else {
                mac.update(new byte[] {1, (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
            }
            byte[] e = new byte[4];
            putInt(e, 0, expiry);
            mac.update(e);
            if (salt != null) {
                mac.update(salt);
            }
            mac.update(client.getAddress());
            return mac.doFinal();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
        }
    }

    private static void putInt(byte[] out, int offset, long value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }
}
