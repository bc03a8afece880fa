package io.turnpike.server.auth;

import io.turnpike.protocol.EncodeOptions;

/**
 * How responses to an authenticated request are signed (RFC 8489 §9.2.4, last paragraph):
 * MESSAGE-INTEGRITY-SHA256 unless the request was processed as though PASSWORD-ALGORITHM were MD5
 * because it carried neither PASSWORD-ALGORITHMS nor PASSWORD-ALGORITHM (every RFC 5389 client),
 * then MESSAGE-INTEGRITY; either way with the key that verified the request.
 *
 * @param key the HMAC key
 * @param sha256 true for MESSAGE-INTEGRITY-SHA256, false for MESSAGE-INTEGRITY
 */
public record ResponseIntegrity(byte[] key, boolean sha256) {

    /** Encoder options carrying this integrity attribute, and FINGERPRINT when asked. */
    public EncodeOptions encodeOptions(boolean fingerprint) {
        return sha256 ? new EncodeOptions(null, key, fingerprint, 0) : EncodeOptions.of(key, fingerprint);
    }
}
