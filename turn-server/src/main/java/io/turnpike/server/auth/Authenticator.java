package io.turnpike.server.auth;

import io.netty.buffer.ByteBuf;
import io.turnpike.protocol.DecodeResult;
import io.turnpike.protocol.MessageIntegrityCheck;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.MessageIntegrity;
import io.turnpike.protocol.attribute.MessageIntegritySha256;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.protocol.attribute.PasswordAlgorithms;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.UserHash;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.server.events.AuthFailure;
import java.net.InetAddress;
import java.time.Clock;

/**
 * The server side of the long-term credential mechanism (RFC 8489 §9.2.4), in the RFC's order:
 * <ol>
 *   <li>no MESSAGE-INTEGRITY(-SHA256): 401 (a challenge);</li>
 *   <li>no USERNAME or USERHASH, no REALM or no NONCE: 400;</li>
 *   <li>a NONCE whose cookie has the "Password algorithms" bit, with PASSWORD-ALGORITHM or
 *       PASSWORD-ALGORITHMS but not both, or a list other than the one this server sends, or an
 *       algorithm not in it: 400 (bid-down protection); neither attribute: MD5;</li>
 *   <li>an unknown (or expired, or revoked) USERNAME, or a USERHASH naming nobody: 401;</li>
 *   <li>a wrong integrity value (MESSAGE-INTEGRITY-SHA256 checked when present, else
 *       MESSAGE-INTEGRITY): 401;</li>
 *   <li>a nonce that is not valid (expired, not ours, issued to another address): 438.</li>
 * </ol>
 * Stateless: the nonce carries its own expiry and MAC ({@link NonceService}).
 */
public final class Authenticator {
    private final String realm;
    private final NonceService nonces;
    private final CredentialStore store;
    private final Clock clock;
    private final SecurityFeatures features;
    private final Realm realmAttribute;
    private final PasswordAlgorithms offer;
    private final int fullChallengeLength;

    /** An authenticator for {@code realm} offering the default {@link SecurityFeatures}. */
    public Authenticator(String realm, NonceService nonces, CredentialStore store, Clock clock) {
        this(realm, nonces, store, clock, SecurityFeatures.DEFAULT);
    }

    /** An authenticator for {@code realm} offering {@code features}. */
    public Authenticator(String realm, NonceService nonces, CredentialStore store, Clock clock,
            SecurityFeatures features) {
        this.realm = realm;
        this.nonces = nonces;
        this.store = store;
        this.clock = clock;
        this.features = features;
        this.realmAttribute = new Realm(realm);
        this.offer = features.attribute();
        this.fullChallengeLength = 4 + StunEncoder.padded(realmAttribute.valueLength())
                + 4 + StunEncoder.padded(NonceService.COOKIE_NONCE_LENGTH)
                + (offer == null ? 0 : 4 + StunEncoder.padded(offer.valueLength()));
    }

    /** Bytes that REALM, a NONCE with cookie and PASSWORD-ALGORITHMS take in a challenge. */
    public int fullChallengeLength() {
        return fullChallengeLength;
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
        boolean sha256Integrity = request.has(MessageIntegritySha256.class);
        Username username = request.get(Username.class);
        UserHash userHash = request.get(UserHash.class);
        String name = username == null ? null : username.value();
        if (!sha256Integrity && !request.has(MessageIntegrity.class)) {
            return AuthResult.error(name, 401, AuthFailure.CHALLENGE);
        }
        Nonce nonce = request.get(Nonce.class);
        if ((username == null && userHash == null) || nonce == null || !request.has(Realm.class)) {
            return AuthResult.error(name, 400, AuthFailure.MALFORMED);
        }
        PasswordAlgorithm chosen = request.get(PasswordAlgorithm.class);
        PasswordAlgorithms listed = request.get(PasswordAlgorithms.class);
        // §9.2.4: neither attribute = processed as though PASSWORD-ALGORITHM were MD5 (RFC 5389 clients).
        boolean md5Default = chosen == null && listed == null;
        if (!md5Default && !algorithmsAgree(nonce.value(), chosen, listed)) {
            return AuthResult.error(name, 400, AuthFailure.MALFORMED);
        }
        if (name == null) {
            name = store.usernameOf(userHash.value()); // §14.4; only static users can be found by hash
            if (name == null) {
                return AuthResult.error(null, 401, AuthFailure.UNKNOWN_USER);
            }
        }
        CredentialLookup lookup = store.lookup(name, now / 1000);
        if (lookup.refused()) {
            return AuthResult.error(name, 401, lookup.failure());
        }
        int algorithm = chosen == null ? PasswordAlgorithm.MD5 : chosen.algorithm();
        ResponseIntegrity integrity = null;
        Credential verified = null;
        MessageIntegrityCheck check = MessageIntegrityCheck.forCurrentThread();
        for (Credential candidate : lookup.candidates()) {
            byte[] key = candidate.key(algorithm);
            if (check.verify(raw, decoded, key)) {
                verified = candidate;
                integrity = new ResponseIntegrity(key, !md5Default);
                break;
            }
            // Appendix B.1 signs MESSAGE-INTEGRITY-SHA256 with the SHA-256 key without naming the
            // algorithm; the client holds the password either way, so accepting that key costs nothing.
            if (md5Default && sha256Integrity && check.verify(raw, decoded, candidate.sha256Key())) {
                verified = candidate;
                integrity = new ResponseIntegrity(candidate.sha256Key(), false);
                break;
            }
        }
        if (verified == null) {
            return AuthResult.error(name, 401, AuthFailure.BAD_INTEGRITY);
        }
        if (nonces.check(nonce.value(), client, now) != NonceService.Verdict.VALID) {
            return AuthResult.error(name, 438, AuthFailure.STALE_NONCE);
        }
        return AuthResult.success(name, verified, integrity);
    }

    /**
     * RFC 8489 §9.2.4, third check, for a request naming an algorithm: under a cookie with the
     * "Password algorithms" bit, PASSWORD-ALGORITHM and PASSWORD-ALGORITHMS must both be present, the
     * list must be the one this server sends, and the algorithm one of its entries. Without such a
     * cookie the list is not checked, but the algorithm must still be one this server implements.
     */
    private boolean algorithmsAgree(String nonce, PasswordAlgorithm chosen, PasswordAlgorithms listed) {
        int bits = SecurityFeatures.bitsOf(nonce);
        if (bits >= 0 && (bits & SecurityFeatures.PASSWORD_ALGORITHMS_BIT) != 0) {
            if (chosen == null || listed == null || !listed.equals(offer)
                    || !listed.algorithms().contains(chosen)) {
                return false;
            }
        }
        return chosen == null || chosen.parameters().length == 0
                && (chosen.algorithm() == PasswordAlgorithm.MD5 || chosen.algorithm() == PasswordAlgorithm.SHA256);
    }

    /**
     * Adds what a 401 or 438 carries (RFC 8489 §9.2.4): REALM, a fresh NONCE starting with the nonce
     * cookie, and PASSWORD-ALGORITHMS when that feature is on. When those do not fit in
     * {@code roomBytes} (what the amplification bound leaves for them), an RFC 5389-style challenge
     * is added instead: REALM and a shorter NONCE without cookie, to which every client answers with
     * MD5 and MESSAGE-INTEGRITY. Only tiny first requests (a bare 28-byte Allocate) get that one.
     */
    public void addChallenge(StunMessage.Builder response, InetAddress client, int roomBytes) {
        long now = clock.millis();
        response.add(realmAttribute);
        if (fullChallengeLength <= roomBytes) {
            response.add(new Nonce(nonces.issue(client, now, features.bits())));
            if (offer != null) {
                response.add(offer);
            }
        } else {
            response.add(new Nonce(nonces.issue(client, now)));
        }
    }
}
