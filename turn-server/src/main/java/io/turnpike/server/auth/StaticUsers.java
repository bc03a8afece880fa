package io.turnpike.server.auth;

import io.turnpike.protocol.LongTermKey;
import io.turnpike.server.events.AuthFailure;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Users configured with a fixed password; their keys (MD5 and SHA-256, RFC 8489 §9.2.2) and their
 * USERHASH values (§14.4) are computed once, at start.
 */
public final class StaticUsers implements CredentialStore {
    /** The owner reported for static users. */
    public static final String OWNER = "static";

    private final Map<String, CredentialLookup> byName = new HashMap<>();
    /** Hex of SHA-256(OpaqueString(username) ":" OpaqueString(realm)) to username. */
    private final Map<String, String> byHash = new HashMap<>();

    /** Precomputes the keys of {@code users} (username to password) in {@code realm}. */
    public StaticUsers(Map<String, String> users, String realm) {
        for (Map.Entry<String, String> e : users.entrySet()) {
            Credential credential = Credential.of(e.getKey(), realm, e.getValue(), OWNER, e.getKey());
            byName.put(e.getKey(), CredentialLookup.found(List.of(credential)));
            byHash.put(HexFormat.of().formatHex(LongTermKey.userHash(e.getKey(), realm)), e.getKey());
        }
    }

    @Override
    public CredentialLookup lookup(String username, long nowEpochSeconds) {
        CredentialLookup found = byName.get(username);
        return found != null ? found : CredentialLookup.refused(AuthFailure.UNKNOWN_USER);
    }

    @Override
    public String usernameOf(byte[] userHash) {
        return byHash.get(HexFormat.of().formatHex(userHash));
    }
}
