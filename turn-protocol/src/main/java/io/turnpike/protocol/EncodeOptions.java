package io.turnpike.protocol;

/**
 * What {@link StunEncoder} appends after the message's own attributes.
 *
 * @param integrityKey       key for MESSAGE-INTEGRITY (HMAC-SHA1), or null for none
 * @param integritySha256Key key for MESSAGE-INTEGRITY-SHA256 (full 32 bytes), or null for none
 * @param fingerprint        append FINGERPRINT
 * @param paddingByte        value of padding bytes (RFC 8489 §14: any value; 0 normally, RFC 5769's
 *                           first three vectors use 0x20)
 */
public record EncodeOptions(byte[] integrityKey, byte[] integritySha256Key, boolean fingerprint, int paddingByte) {
    /** No integrity, no fingerprint, zero padding. */
    public static final EncodeOptions NONE = new EncodeOptions(null, null, false, 0);

    /** MESSAGE-INTEGRITY with {@code key} (when non-null) and optionally FINGERPRINT, zero padding. */
    public static EncodeOptions of(byte[] integrityKeyOrNull, boolean fingerprint) {
        return new EncodeOptions(integrityKeyOrNull, null, fingerprint, 0);
    }

    /** The same options with another padding byte. */
    public EncodeOptions withPaddingByte(int value) {
        return new EncodeOptions(integrityKey, integritySha256Key, fingerprint, value);
    }

    /** The same options with MESSAGE-INTEGRITY-SHA256 keyed by {@code key}. */
    public EncodeOptions withSha256Key(byte[] key) {
        return new EncodeOptions(integrityKey, key, fingerprint, paddingByte);
    }
}
