package io.turnpike.server.http;

import io.turnpike.server.auth.Credential;
import io.turnpike.server.auth.CredentialLookup;
import io.turnpike.server.auth.CredentialStore;
import io.turnpike.server.events.AuthFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The TURN engine's credential check as the HTTP API needs it, wrapped around the engine's own
 * store: a username revoked through the API is refused ({@link AuthFailure#REVOKED}: 401, so no new
 * allocation, refresh, permission or channel), and a REST credential minted by a configured API key
 * is owned by that key ({@link ApiKeys#ownerOf}), so usage and metrics are counted per key.
 * Credentials the wrapped store already gives an owner (static users) keep it.
 */
public final class ApiCredentialStore implements CredentialStore {
    private final CredentialStore base;
    private final ApiKeys keys;
    private final RevocationList revocations;

    /** Wraps {@code base}, refusing what {@code revocations} lists and naming owners from {@code keys}. */
    public ApiCredentialStore(CredentialStore base, ApiKeys keys, RevocationList revocations) {
        this.base = base;
        this.keys = keys;
        this.revocations = revocations;
    }

    @Override
    public CredentialLookup lookup(String username, long nowEpochSeconds) {
        if (revocations.isRevoked(username)) {
            return CredentialLookup.refused(AuthFailure.REVOKED);
        }
        CredentialLookup found = base.lookup(username, nowEpochSeconds);
        if (found.refused()) {
            return found;
        }
        String owner = keys.ownerOf(username);
        if (owner.isEmpty()) {
            return found;
        }
        List<Credential> owned = new ArrayList<>(found.candidates().size());
        for (Credential c : found.candidates()) {
            owned.add(c.owner().isEmpty() ? new Credential(c.key(), owner, c.userTag()) : c);
        }
        return CredentialLookup.found(owned);
    }
}
