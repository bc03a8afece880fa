package io.turnpike.server.auth;

import io.turnpike.server.events.AuthFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * TURN REST API credentials ({@link RestCredentials}): any username {@code <expiry>[:<tag>]} whose
 * expiry has not passed, with a password derived from one of the shared secrets. With several
 * secrets (a rotation in progress) every secret yields a candidate key; the request's integrity
 * decides which one the client used.
 *
 * <p>USERHASH (RFC 8489 §14.4) cannot name such a user: the username carries an expiry and a tag
 * chosen when the credential was minted, unknown to the server until it arrives, so no hash can be
 * precomputed and {@link #usernameOf} finds nothing (the request gets 401, §9.2.4).
 */
public final class SharedSecrets implements CredentialStore {
    private final List<byte[]> secrets;
    private final String realm;

    /** Accepts credentials minted with any of {@code secrets} (newest first). */
    public SharedSecrets(List<byte[]> secrets, String realm) {
        this.secrets = List.copyOf(secrets);
        this.realm = realm;
    }

    @Override
    public CredentialLookup lookup(String username, long nowEpochSeconds) {
        long expiry = RestCredentials.expiryOf(username);
        if (expiry < 0 || secrets.isEmpty()) {
            return CredentialLookup.refused(AuthFailure.UNKNOWN_USER);
        }
        if (expiry <= nowEpochSeconds) {
            return CredentialLookup.refused(AuthFailure.EXPIRED);
        }
        String tag = RestCredentials.tagOf(username);
        List<Credential> out = new ArrayList<>(secrets.size());
        for (byte[] secret : secrets) {
            String password = RestCredentials.password(secret, username);
            out.add(Credential.of(username, realm, password, "", tag));
        }
        return CredentialLookup.found(out);
    }
}
