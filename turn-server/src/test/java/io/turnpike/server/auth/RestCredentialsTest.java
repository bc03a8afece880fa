package io.turnpike.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RestCredentialsTest {
    private static final byte[] SECRET = "north".getBytes(StandardCharsets.US_ASCII);

    @Test
    void passwordIsBase64OfHmacSha1OverTheUsername() {
        // Independent value: printf '1700000000:alice' | openssl dgst -sha1 -hmac north -binary | base64
        assertEquals("Cd/49soE35ICqcJF/bCTn8Z4OyE=", RestCredentials.password(SECRET, "1700000000:alice"));
    }

    @Test
    void mintedUsernameCarriesExpiryAndTag() {
        RestCredentials.Credential c = RestCredentials.mint(SECRET, 1700000000L, "alice");
        assertEquals("1700000000:alice", c.username());
        assertEquals(1700000000L, RestCredentials.expiryOf(c.username()));
        assertEquals("alice", RestCredentials.tagOf(c.username()));
        assertEquals("1700000000", RestCredentials.mint(SECRET, 1700000000L, "").username());
    }

    @Test
    void malformedUsernamesHaveNoExpiry() {
        assertEquals(-1, RestCredentials.expiryOf("alice"));
        assertEquals(-1, RestCredentials.expiryOf(":alice"));
        assertEquals(-1, RestCredentials.expiryOf("12x4:alice"));
        assertEquals(-1, RestCredentials.expiryOf("9999999999999999999999:alice"));
        assertEquals(42, RestCredentials.expiryOf("42"));
    }
}
