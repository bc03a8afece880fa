package io.turnpike.server.http;

import io.turnpike.server.auth.RestCredentials;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Mints the short-lived TURN credentials the API hands out. They are ordinary TURN REST API
 * shared-secret credentials ({@link RestCredentials}), so the TURN side validates them with no
 * extra state, on every transport.
 *
 * <p>Username layout (what Turnpike's API mints):
 * <pre>
 *   &lt;unix-expiry&gt;:&lt;key-id&gt;                      no customIdentifier
 *   &lt;unix-expiry&gt;:&lt;key-id&gt;:&lt;customIdentifier&gt;   with one
 * </pre>
 * The key id never contains ':', so {@link #keyIdOf(String)} finds it between the first and second
 * colon; the REST "user tag" ({@link RestCredentials#tagOf}) is {@code key-id[:customIdentifier]}.
 */
public final class CredentialIssuer {
    /** Accepted customIdentifier values: short, and safe inside a STUN USERNAME and in logs. */
    static final Pattern CUSTOM_IDENTIFIER = Pattern.compile("[A-Za-z0-9._@+=-]{1,128}");

    private final Supplier<byte[]> secret;
    private final Clock clock;

    /**
     * @param secret the newest TURN REST shared secret (read at every mint, so rotation applies at once)
     * @param clock wall clock for expiry times
     */
    public CredentialIssuer(Supplier<byte[]> secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /**
     * Mints a credential for {@code keyId} valid for {@code ttlSeconds}.
     *
     * @param customIdentifier the caller's tag, or null/"" for none (already validated)
     */
    public RestCredentials.Credential issue(String keyId, String customIdentifier, long ttlSeconds) {
        long expiry = clock.instant().getEpochSecond() + ttlSeconds;
        String name = customIdentifier == null || customIdentifier.isEmpty() ? keyId : keyId + ":" + customIdentifier;
        return RestCredentials.mint(secret.get(), expiry, name);
    }

    /**
     * The API key id inside a username minted by {@link #issue}, or "" when {@code username} does
     * not have that layout. Allocation-free apart from the returned substring.
     */
    public static String keyIdOf(String username) {
        if (username == null || RestCredentials.expiryOf(username) < 0) {
            return "";
        }
        int first = username.indexOf(':');
        if (first < 0) {
            return "";
        }
        int second = username.indexOf(':', first + 1);
        int end = second < 0 ? username.length() : second;
        if (end - first - 1 < 1 || end - first - 1 > 64) {
            return "";
        }
        for (int i = first + 1; i < end; i++) {
            char c = username.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!ok) {
                return "";
            }
        }
        return username.substring(first + 1, end);
    }

    /** The customIdentifier inside a username minted by {@link #issue}, or "". */
    public static String customIdentifierOf(String username) {
        if (keyIdOf(username).isEmpty()) {
            return "";
        }
        int second = username.indexOf(':', username.indexOf(':') + 1);
        return second < 0 ? "" : username.substring(second + 1);
    }
}
