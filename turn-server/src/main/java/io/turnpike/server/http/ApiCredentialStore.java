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
 *
 * <p>The user tag (what the engine's per-user allocation quota counts by) of a key's credential is
 * its {@code customIdentifier} when it has one; without one it is left empty, so the quota counts
 * per credential: an app that mints one credential per call without a customIdentifier must not have
 * all its users share one user's quota.
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
        boolean perCredential = CredentialIssuer.customIdentifierOf(username).isEmpty();
        for (Credential c : found.candidates()) {
            owned.add(c.owner().isEmpty() ? c.ownedBy(owner, perCredential ? "" : c.userTag()) : c);
        }
        return CredentialLookup.found(owned);
    }

    /** USERHASH resolution is the wrapped store's; revocation is then checked by {@link #lookup}. */
    @Override
    public String usernameOf(byte[] userHash) {
        return base.usernameOf(userHash);
    }
}
