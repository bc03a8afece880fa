package io.turnpike.server.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 8489 §9.2): the server keeps no table, so a flood of first requests costs
 * no memory. A nonce is 16 base64url characters encoding 12 bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  expiry (unix seconds, unsigned)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     HMAC-SHA256(process key, expiry || client IP) truncated   |
 * |                           to 64 bits                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The key is random per process, so a restart makes old nonces stale (the client then gets 438
 * and retries with a new one). Binding the client IP makes a nonce replayed from another address
 * stale too. Kept short because error answers to unauthenticated requests must stay small.
 */
public final class NonceService {
    private static final String HMAC = "HmacSHA256";
    private static final int MAC_BYTES = 8;
    private static final int RAW_BYTES = 4 + MAC_BYTES;
    /** Length of every nonce this service issues. */
    public static final int NONCE_LENGTH = 16;

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

    /** A new nonce for {@code client}, valid for the configured lifetime from {@code nowMillis}. */
    public String issue(InetAddress client, long nowMillis) {
        long expiry = (nowMillis + lifetimeMillis + 999) / 1000;
        byte[] raw = new byte[RAW_BYTES];
        putInt(raw, expiry);
        System.arraycopy(mac(expiry, client), 0, raw, 4, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Checks a NONCE value received from {@code client}. */
    public Verdict check(String nonce, InetAddress client, long nowMillis) {
        if (nonce.length() != NONCE_LENGTH) {
            return Verdict.INVALID;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (raw.length != RAW_BYTES) {
            return Verdict.INVALID;
        }
        long expiry = ((raw[0] & 0xFFL) << 24) | ((raw[1] & 0xFFL) << 16) | ((raw[2] & 0xFFL) << 8) | (raw[3] & 0xFFL);
        byte[] expected = mac(expiry, client);
        byte[] given = new byte[MAC_BYTES];
        System.arraycopy(raw, 4, given, 0, MAC_BYTES);
        byte[] want = new byte[MAC_BYTES];
        System.arraycopy(expected, 0, want, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(given, want)) {
            return Verdict.INVALID;
        }
        return expiry * 1000 <= nowMillis ? Verdict.EXPIRED : Verdict.VALID;
    }

    private byte[] mac(long expiry, InetAddress client) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] e = new byte[4];
            putInt(e, expiry);
            mac.update(e);
            mac.update(client.getAddress());
            return mac.doFinal();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
        }
    }

    private static void putInt(byte[] out, long value) {
        out[0] = (byte) (value >>> 24);
        out[1] = (byte) (value >>> 16);
        out[2] = (byte) (value >>> 8);
        out[3] = (byte) value;
    }
}
