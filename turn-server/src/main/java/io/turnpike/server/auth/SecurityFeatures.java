package io.turnpike.server.auth;

import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.protocol.attribute.PasswordAlgorithms;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The RFC 8489 STUN Security Features this server offers (§9.2.1, registry §18.1) and their "nonce
 * cookie": {@code "obMatJos2"} followed by the base64 of the 24 feature bits, prepended to every
 * NONCE so that a client can detect a bid-down (a PASSWORD-ALGORITHMS attribute stripped from a 401).
 *
 * <p>Bit numbering follows the RFC erratum to §18.1 that libjuice (the only RFC 8489 client we can
 * test against) and the Appendix B.1 sample implement: bit 0 ("Password algorithms") is the least
 * significant bit, bit 1 ("Username anonymity") the next one. Appendix B.1's cookie "AAAC" (bit 1:
 * anonymity) goes with its USERHASH only under that reading.
 *
 * @param passwordAlgorithms the PASSWORD-ALGORITHM numbers offered, in order of preference (RFC
 *     8489 §18.5: 1 MD5, 2 SHA-256); empty = the "Password algorithms" feature is off
 * @param usernameAnonymity whether the cookie sets "Username anonymity", which obliges RFC 8489
 *     clients to send USERHASH (only static users can be found by hash)
 */
public record SecurityFeatures(List<Integer> passwordAlgorithms, boolean usernameAnonymity) {
    /** The 9-character prefix of the cookie (RFC 8489 §9.2). */
    public static final String COOKIE_PREFIX = "obMatJos2";
    /** Length of the whole cookie: the prefix and four base64 characters. */
    public static final int COOKIE_LENGTH = 13;
    /** Feature bit 0: Password algorithms (RFC 8489 §18.1, erratum numbering). */
    public static final int PASSWORD_ALGORITHMS_BIT = 0x000001;
    /** Feature bit 1: Username anonymity (RFC 8489 §18.1, erratum numbering). */
    public static final int USERNAME_ANONYMITY_BIT = 0x000002;
    /** The default offer: SHA-256 preferred, MD5 for clients without SHA-256; no anonymity. */
    public static final SecurityFeatures DEFAULT = new SecurityFeatures(
            List.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5), false);

    /** Copies the list; only MD5 and SHA-256 are known. */
    public SecurityFeatures {
        passwordAlgorithms = List.copyOf(passwordAlgorithms);
        for (int a : passwordAlgorithms) {
            if (a != PasswordAlgorithm.MD5 && a != PasswordAlgorithm.SHA256) {
                throw new IllegalArgumentException("unknown password algorithm " + a);
            }
        }
    }

    /** The 24 feature bits this server sets in its cookies. */
    public int bits() {
        return (passwordAlgorithms.isEmpty() ? 0 : PASSWORD_ALGORITHMS_BIT)
                | (usernameAnonymity ? USERNAME_ANONYMITY_BIT : 0);
    }

    /** The PASSWORD-ALGORITHMS attribute sent in 401 and 438, or null when the feature is off. */
    public PasswordAlgorithms attribute() {
        if (passwordAlgorithms.isEmpty()) {
            return null;
        }
        List<PasswordAlgorithm> list = new ArrayList<>(passwordAlgorithms.size());
        for (int a : passwordAlgorithms) {
            list.add(new PasswordAlgorithm(a));
        }
        return new PasswordAlgorithms(list);
    }

    /** The 13-character cookie for {@code bits}. */
    public static String cookie(int bits) {
        byte[] b = {(byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        return COOKIE_PREFIX + Base64.getEncoder().encodeToString(b);
    }

    /**
     * The feature bits of the cookie {@code nonce} starts with, or -1 when it starts with none
     * (an RFC 5389-style nonce, or a malformed cookie).
     */
    public static int bitsOf(String nonce) {
        if (nonce.length() < COOKIE_LENGTH || !nonce.startsWith(COOKIE_PREFIX)) {
            return -1;
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(nonce.substring(COOKIE_PREFIX.length(), COOKIE_LENGTH));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        return ((b[0] & 0xFF) << 16) | ((b[1] & 0xFF) << 8) | (b[2] & 0xFF);
    }
}
