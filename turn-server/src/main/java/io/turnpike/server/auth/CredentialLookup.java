package io.turnpike.server.auth;

import io.turnpike.server.events.AuthFailure;
import java.util.List;

/**
 * The answer of a {@link CredentialStore}: either the candidate credentials (several when several
 * shared secrets are valid during a rotation; the request's MESSAGE-INTEGRITY tells which one the
 * client used) or why the username is refused.
 *
 * @param candidates keys to try, in order; empty when refused
 * @param failure why the username is refused, or null when there are candidates
 */
public record CredentialLookup(List<Credential> candidates, AuthFailure failure) {

    /** A lookup that found {@code candidates} (not empty). */
    public static CredentialLookup found(List<Credential> candidates) {
        return new CredentialLookup(List.copyOf(candidates), null);
    }

    /** A refusal for {@code reason} (UNKNOWN_USER, EXPIRED, REVOKED). */
    public static CredentialLookup refused(AuthFailure reason) {
        return new CredentialLookup(List.of(), reason);
    }

    /** Whether the username was refused. */
    public boolean refused() {
        return failure != null;
    }
}
