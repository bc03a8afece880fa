package io.turnpike.server.auth;

import io.turnpike.server.events.AuthFailure;
import java.util.List;

/** Combinations of credential stores. */
public final class CredentialStores {
    private CredentialStores() {
    }

    /**
     * A store that asks {@code stores} in order and answers with the first that finds the user.
     * When all refuse, the most specific reason wins (EXPIRED or REVOKED over UNKNOWN_USER), so an
     * expired REST username is reported as expired.
     */
    public static CredentialStore firstOf(List<CredentialStore> stores) {
        List<CredentialStore> copy = List.copyOf(stores);
        return (username, now) -> {
            AuthFailure reason = AuthFailure.UNKNOWN_USER;
            for (CredentialStore store : copy) {
                CredentialLookup lookup = store.lookup(username, now);
                if (!lookup.refused()) {
                    return lookup;
                }
                if (lookup.failure() != AuthFailure.UNKNOWN_USER) {
                    reason = lookup.failure();
                }
            }
            return CredentialLookup.refused(reason);
        };
    }
}
