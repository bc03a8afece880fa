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
        return new FirstOf(List.copyOf(stores));
    }

    /** See {@link #firstOf}; a USERHASH is resolved by the first store that knows it. */
    private record FirstOf(List<CredentialStore> stores) implements CredentialStore {
        @Override
        public CredentialLookup lookup(String username, long now) {
            AuthFailure reason = AuthFailure.UNKNOWN_USER;
            for (CredentialStore store : stores) {
                CredentialLookup lookup = store.lookup(username, now);
                if (!lookup.refused()) {
                    return lookup;
                }
                if (lookup.failure() != AuthFailure.UNKNOWN_USER) {
                    reason = lookup.failure();
                }
            }
            return CredentialLookup.refused(reason);
        }

        @Override
        public String usernameOf(byte[] userHash) {
            for (CredentialStore store : stores) {
                String name = store.usernameOf(userHash);
                if (name != null) {
                    return name;
                }
            }
            return null;
        }
    }
}
