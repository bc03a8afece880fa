package io.turnpike.server.auth;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.MessageIntegrityCheck;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.server.events.AuthFailure;
import java.net.InetAddress;
import java.time.Clock;

/**
 * The server side of the long-term credential mechanism (RFC 8489 §9.2.4), in the RFC's order:
 * no MESSAGE-INTEGRITY gives 401 with REALM and NONCE; a missing USERNAME, REALM or NONCE gives 400;
 * an unknown (or expired, or revoked) username gives 401; a wrong MESSAGE-INTEGRITY gives 401; a
 * nonce that is not valid (expired, or not ours, or issued to another address) gives 438. Stateless:
 * the nonce carries its own expiry and MAC.
 */
public final class Authenticator {
    private final String realm;
    private final NonceService nonces;
    private final CredentialStore store;
    private final Clock clock;

    /** An authenticator for {@code realm}. */
    public Authenticator(String realm, NonceService nonces, CredentialStore store, Clock clock) {
        this.realm = realm;
        this.nonces = nonces;
        this.store = store;
        this.clock = clock;
    }

    /** The configured realm. */
    public String realm() {
        return realm;
    }

    /**
     * Authenticates a decoded request.
     *
     * @param raw the request's bytes as decoded (reader index at the message start)
     * @param client the client's IP address, which the nonce is bound to
     */
    public AuthResult authenticate(StunMessage request, DecodeResult decoded, ByteBuf raw, InetAddress client) {
        long now = clock.millis();
        boolean hasIntegrity = request.has(MessageIntegrity.class) || request.has(MessageIntegritySha256.class);
        Username username = request.get(Username.class);
        String name = username == null ? null : username.value();
        if (!hasIntegrity) {
            return AuthResult.challenge(name, 401, AuthFailure.CHALLENGE, nonces.issue(client, now));
        }
        Nonce nonce = request.get(Nonce.class);
        if (username == null || nonce == null || !request.has(Realm.class)) {
            return AuthResult.challenge(name, 400, AuthFailure.MALFORMED, null);
        }
        CredentialLookup lookup = store.lookup(name, now / 1000);
        if (lookup.refused()) {
            return AuthResult.challenge(name, 401, lookup.failure(), nonces.issue(client, now));
        }
        Credential verified = null;
        MessageIntegrityCheck check = MessageIntegrityCheck.forCurrentThread();
        for (Credential candidate : lookup.candidates()) {
            if (check.verify(raw, decoded, candidate.key())) {
                verified = candidate;
                break;
            }
        }
        if (verified == null) {
            return AuthResult.challenge(name, 401, AuthFailure.BAD_INTEGRITY, nonces.issue(client, now));
        }
        if (nonces.check(nonce.value(), client, now) != NonceService.Verdict.VALID) {
            return AuthResult.challenge(name, 438, AuthFailure.STALE_NONCE, nonces.issue(client, now));
        }
        return AuthResult.success(name, verified);
    }
}
