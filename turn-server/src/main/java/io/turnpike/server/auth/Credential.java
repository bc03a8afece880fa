package io.turnpike.server.auth;

import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.attribute.PasswordAlgorithm;

/**
 * One long-term credential a request may have been signed with: both keys RFC 8489 §9.2.2 defines
 * for it, since the request's PASSWORD-ALGORITHM picks one.
 *
 * @param md5Key MD5(username ":" realm ":" password), the RFC 5389 key
 * @param sha256Key SHA-256(username ":" realm ":" password) (RFC 8489 §18.5.1.2)
 * @param owner who pays: an API key id, "static" for configured users, "" for plain shared secrets
 * @param userTag the user name for logs (the tag of a REST username, or the static user name)
 */
public record Credential(byte[] md5Key, byte[] sha256Key, String owner, String userTag) {

    /** Both keys of {@code username} with {@code password} in {@code realm}. */
    public static Credential of(String username, String realm, String password, String owner, String userTag) {
        return new Credential(LongTermKey.md5(username, realm, password),
                LongTermKey.sha256(username, realm, password), owner, userTag);
    }

    /** The key for PASSWORD-ALGORITHM {@code algorithm} (MD5 or SHA-256), or null for another. */
    public byte[] key(int algorithm) {
        return switch (algorithm) {
            case PasswordAlgorithm.MD5 -> md5Key;
            case PasswordAlgorithm.SHA256 -> sha256Key;
            default -> null;
        };
    }

    /** The same keys with another owner and user tag. */
    public Credential ownedBy(String newOwner, String newUserTag) {
        return new Credential(md5Key, sha256Key, newOwner, newUserTag);
    }
}
