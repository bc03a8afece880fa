package io.turnpike.server.http;

import io.turnpike.server.usage.Quota;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * One API key: the id the app puts in the URL path, the bearer token it sends, and its monthly quota.
 * {@link #toString()} never shows the token.
 */
public record ApiKey(String id, String token, Quota quota) {
    /** Key ids: letters, digits, '_' and '-' (no ':', which separates the parts of a username). */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Shortest accepted token. */
    static final int MIN_TOKEN_LENGTH = 16;

    /** Whether {@code bearer} is this key's token, in time independent of where they differ. */
    public boolean tokenMatches(String bearer) {
        return constantTimeEquals(token, bearer);
    }

    static boolean constantTimeEquals(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", token=<redacted>, quota=" + quota + "]";
    }
}
