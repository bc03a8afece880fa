package io.turnpike.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.server.auth.RestCredentials;
import io.turnpike.server.usage.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Username layout, revocation list bounds, and ICE URL construction. */
class CredentialsTest {
    private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");

    @Test
    void issuedUsernamesCarryExpiryKeyAndTagAndVerifyWithTheSecret() {
        byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        CredentialIssuer issuer = new CredentialIssuer(() -> secret, new MutableClock(NOW));
        RestCredentials.Credential c = issuer.issue("k1", "", 600);
        assertTrue(c.username().matches(NOW.getEpochSecond() + 600 + ":k1:~[A-Za-z0-9_-]{12}"), c.username());
        assertEquals(RestCredentials.password(secret, c.username()), c.password());
        assertEquals("k1", CredentialIssuer.keyIdOf(c.username()));
        assertEquals("", CredentialIssuer.customIdentifierOf(c.username()));
        RestCredentials.Credential tagged = issuer.issue("k1", "bob@example.org", 60);
        assertEquals("k1", CredentialIssuer.keyIdOf(tagged.username()));
        assertEquals("bob@example.org", CredentialIssuer.customIdentifierOf(tagged.username()));
    }

    /**
     * Without a customIdentifier each credential is a user of its own for the per-user quota
     * (RFC 8656 §7.2 step 10, 486), so the end users of one API key do not share one quota, and two
     * credentials minted in the same second differ.
     */
    @Test
    void credentialsWithoutCustomIdentifierAreEachTheirOwnQuotaUser() {
        CredentialIssuer issuer = new CredentialIssuer(() -> new byte[] {1}, new MutableClock(NOW));
        java.util.Set<String> tags = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            tags.add(RestCredentials.tagOf(issuer.issue("k1", null, 600).username()));
        }
        assertEquals(100, tags.size());
        assertEquals(RestCredentials.tagOf(issuer.issue("k1", "bob", 600).username()),
                RestCredentials.tagOf(issuer.issue("k1", "bob", 60).username()), "a customIdentifier is one user");
    }

    @Test
    void keyIdOfRejectsOtherLayouts() {
        for (String u : new String[] {"alice", "1900000000", "x:k1", "1900000000:", "1900000000::tag",
            "1900000000:bad key", "1900000000:" + "k".repeat(65), null}) {
            assertEquals("", CredentialIssuer.keyIdOf(u), String.valueOf(u));
        }
    }

    @Test
    void revocationIsBoundedByExpiryAndSize() {
        MutableClock clock = new MutableClock(NOW);
        RevocationList list = new RevocationList(2, clock);
        long now = NOW.getEpochSecond();
        assertEquals(RevocationList.Result.REVOKED, list.revoke((now + 10) + ":k1"));
        assertEquals(RevocationList.Result.REVOKED, list.revoke((now + 100) + ":k1:a"));
        assertEquals(RevocationList.Result.FULL, list.revoke((now + 100) + ":k1:b"));
        assertEquals(RevocationList.Result.REVOKED, list.revoke((now + 10) + ":k1"), "re-revoking is fine");
        assertEquals(RevocationList.Result.EXPIRED, list.revoke((now - 1) + ":k1"));
        assertEquals(RevocationList.Result.NOT_REST, list.revoke("alice"));
        assertTrue(list.isRevoked((now + 10) + ":k1"));
        assertFalse(list.isRevoked((now + 10) + ":k2"));
        clock.advance(Duration.ofSeconds(11));
        assertFalse(list.isRevoked((now + 10) + ":k1"));
        assertEquals(RevocationList.Result.REVOKED, list.revoke((now + 100) + ":k1:b"), "room again after expiry");
    }

    @Test
    void iceUrlsFollowTheEnabledListenersAndBracketIpv6() {
        IceServerEndpoints tcpOnly = new IceServerEndpoints("relay.example", false, 3478, true, 3478, false, 5349);
        assertEquals(List.of(), tcpOnly.stunUrls());
        assertEquals(List.of("turn:relay.example:3478?transport=tcp"), tcpOnly.turnUrls());
        IceServerEndpoints bound = IceServerEndpoints.of("h", new java.net.InetSocketAddress(3479), null,
                new java.net.InetSocketAddress(5350));
        assertEquals(List.of("turn:h:3479?transport=udp", "turns:h:5350?transport=tcp"), bound.turnUrls());
        IceServerEndpoints v6 = new IceServerEndpoints("2001:db8::1", true, 3478, false, 0, true, 443);
        assertEquals(List.of("stun:[2001:db8::1]:3478"), v6.stunUrls());
        assertEquals(List.of("turn:[2001:db8::1]:3478?transport=udp", "turns:[2001:db8::1]:443?transport=tcp"),
                v6.turnUrls());
    }
}
