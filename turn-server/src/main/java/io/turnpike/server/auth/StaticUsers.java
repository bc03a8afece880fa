package io.turnpike.server.auth;

import io.turnpike.protocol.LongTermKey;
import io.turnpike.server.events.AuthFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Users configured with a fixed password; their keys are computed once, at start. */
public final class StaticUsers implements CredentialStore {
    /** The owner reported for static users. */
    public static final String OWNER = "static";

    private final Map<String, CredentialLookup> byName = new HashMap<>();

    /** Precomputes the keys of {@code users} (username to password) in {@code realm}. */
    public StaticUsers(Map<String, String> users, String realm) {
        for (Map.Entry<String, String> e : users.entrySet()) {
            byte[] key = LongTermKey.md5(e.getKey(), realm, e.getValue());
            byName.put(e.getKey(), CredentialLookup.found(List.of(new Credential(key, OWNER, e.getKey()))));
        }
    }

    @Override
    public CredentialLookup lookup(String username, long nowEpochSeconds) {
        CredentialLookup found = byName.get(username);
        return found != null ? found : CredentialLookup.refused(AuthFailure.UNKNOWN_USER);
    }
}
