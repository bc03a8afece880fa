package io.turnpike.server.auth;

import io.turnpike.server.events.AuthFailure;

/**
 * Outcome of {@link Authenticator#authenticate}: the credential that verified, or the error to send.
 *
 * @param username the USERNAME, or the user a USERHASH named (null when neither is known)
 * @param credential the credential whose key verified the request's integrity, or null on failure
 * @param integrity how to sign responses to the request, or null on failure
 * @param errorCode 0 on success, else 400, 401 or 438
 * @param failure the failure reason for events, or null on success
 */
public record AuthResult(String username, Credential credential, ResponseIntegrity integrity, int errorCode,
        AuthFailure failure) {

    /** Whether the request is authenticated. */
    public boolean ok() {
        return errorCode == 0;
    }

    /**
     * Whether the error is a challenge (401 or 438), which carries REALM, a fresh NONCE and
     * PASSWORD-ALGORITHMS ({@link Authenticator#addChallenge}); a 400 carries none of them.
     */
    public boolean challenges() {
        return errorCode == 401 || errorCode == 438;
    }

    static AuthResult success(String username, Credential credential, ResponseIntegrity integrity) {
        return new AuthResult(username, credential, integrity, 0, null);
    }

    static AuthResult error(String username, int code, AuthFailure failure) {
        return new AuthResult(username, null, null, code, failure);
    }
}
