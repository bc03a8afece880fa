package io.turnpike.server.auth;

/**
 * One long-term credential a request may have been signed with.
 *
 * @param key the HMAC key, MD5(username ":" realm ":" password) (RFC 8489 §9.2.2)
 * @param owner who pays: an API key id, "static" for configured users, "" for plain shared secrets
 * @param userTag the user name for logs (the tag of a REST username, or the static user name)
 */
public record Credential(byte[] key, String owner, String userTag) {
}
