package io.turnpike.server.http;

import io.turnpike.server.auth.RestCredentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Mints the short-lived TURN credentials the API hands out. They are ordinary TURN REST API
 * shared-secret credentials ({@link RestCredentials}), so the TURN side validates them with no
 * extra state, on every transport.
 *
 * <p>Username layout (what Turnpike's API mints):
 * <pre>
 *   &lt;unix-expiry&gt;:&lt;key-id&gt;:~&lt;12 random characters&gt;   no customIdentifier
 *   &lt;unix-expiry&gt;:&lt;key-id&gt;:&lt;customIdentifier&gt;          with one
 * </pre>
 * The key id never contains ':', so {@link #keyIdOf(String)} finds it between the first and second
 * colon; the REST "user tag" ({@link RestCredentials#tagOf}) is what follows it, and the per-user
 * allocation quota counts per tag. Without a customIdentifier every credential gets a tag of its own
 * ('~' cannot start a customIdentifier), as Cloudflare's credentials are each distinct: otherwise all
 * the users of one API key would share one user's quota ({@code security.max-allocations-per-user}),
 * and two credentials minted in the same second would be the same credential.
 */
public final class CredentialIssuer {
    /** Accepted customIdentifier values: short, and safe inside a STUN USERNAME and in logs. */
    static final Pattern CUSTOM_IDENTIFIER = Pattern.compile("[A-Za-z0-9._@+=-]{1,128}");

    /** Marks a per-credential random tag in place of a customIdentifier. */
    private static final char RANDOM_TAG = '~';
    private static final int RANDOM_TAG_BYTES = 9; // 12 base64url characters, 72 bits

    private final Supplier<byte[]> secret;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

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
        String tag = customIdentifier == null || customIdentifier.isEmpty() ? randomTag() : customIdentifier;
        return RestCredentials.mint(secret.get(), expiry, keyId + ":" + tag);
    }

    private String randomTag() {
        byte[] bytes = new byte[RANDOM_TAG_BYTES];
        random.nextBytes(bytes);
        return RANDOM_TAG + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
        if (second < 0 || second + 1 < username.length() && username.charAt(second + 1) == RANDOM_TAG) {
            return "";
        }
        return username.substring(second + 1);
    }
}
