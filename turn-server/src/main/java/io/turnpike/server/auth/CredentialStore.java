package io.turnpike.server.auth;

/**
 * Where the long-term credential keys come from. Called on event loops for control messages
 * (not the relay hot path): must not block. Implementations: {@link StaticUsers},
 * {@link SharedSecrets}, {@link CredentialStores#firstOf}; the HTTP API may wrap one to refuse
 * revoked usernames.
 */
public interface CredentialStore {
    /**
     * Finds the keys a request with USERNAME {@code username} may be signed with.
     *
     * @param nowEpochSeconds current wall-clock time, for credentials that expire
     */
    CredentialLookup lookup(String username, long nowEpochSeconds);

    /**
     * The username whose USERHASH (RFC 8489 §14.4: SHA-256(OpaqueString(username) ":"
     * OpaqueString(realm))) is {@code userHash}, or null when this store cannot tell (the default:
     * only stores that know their usernames in advance can answer).
     */
    default String usernameOf(byte[] userHash) {
        return null;
    }
}
