package io.turnpike.bench.load;

import io.turnpike.server.auth.RestCredentials;
import java.nio.charset.StandardCharsets;

/**
 * The long-term credential the generator authenticates with: a static user, or one minted from a
 * TURN REST shared secret (username {@code <expiry>:turnpike-load}).
 *
 * @param username USERNAME attribute value
 * @param password password for the long-term key (RFC 8489 §9.2.2)
 */
record Credentials(String username, String password) {
    /** The user tag of minted REST usernames. */
    static final String REST_TAG = "turnpike-load";

    /** The credential the options ask for; REST credentials expire an hour after the run's cap. */
    static Credentials of(LoadOptions o, long nowEpochSeconds) {
        if (!o.restCredentials()) {
            return new Credentials(o.user(), o.password());
        }
        long expiry = nowEpochSeconds + (long) LoadOptions.MAX_DURATION_SECONDS + 3600;
        RestCredentials.Credential c = RestCredentials.mint(o.secret().getBytes(StandardCharsets.UTF_8), expiry,
                REST_TAG);
        return new Credentials(c.username(), c.password());
    }
}
