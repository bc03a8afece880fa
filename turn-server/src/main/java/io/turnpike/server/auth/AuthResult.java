package io.turnpike.server.auth;

import io.turnpike.server.events.AuthFailure;

/**
 * Outcome of {@link Authenticator#authenticate}: the credential that verified, or the error to send.
 *
 * @param username the USERNAME (null when missing)
 * @param credential the credential whose key verified MESSAGE-INTEGRITY, or null on failure
 * @param errorCode 0 on success, else 400, 401 or 438
 * @param failure the failure reason for events, or null on success
 * @param challengeNonce for 401/438: the fresh NONCE to send with REALM; null for 400 or success
 */
public record AuthResult(String username, Credential credential, int errorCode, AuthFailure failure,
        String challengeNonce) {

    /** Whether the request is authenticated. */
    public boolean ok() {
        return errorCode == 0;
    }

    static AuthResult success(String username, Credential credential) {
        return new AuthResult(username, credential, 0, null, null);
    }

    static AuthResult challenge(String username, int code, AuthFailure failure, String nonce) {
        return new AuthResult(username, null, code, failure, nonce);
    }
}
