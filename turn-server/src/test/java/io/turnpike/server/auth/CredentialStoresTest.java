package io.turnpike.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.attribute.PasswordAlgorithm;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.http.ApiCredentialStore;
import io.turnpike.server.http.ApiKeys;
import io.turnpike.server.http.RevocationList;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialStoresTest {
    private static final byte[] NEW = "new-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD = "old-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private final long now = 1_800_000_000L;
    private final CredentialStore store = CredentialStores.firstOf(List.of(
            new StaticUsers(Map.of("alice", "wonderland"), "realm"),
            new SharedSecrets(List.of(NEW, OLD), "realm")));

    @Test
    void staticUserKeyIsMd5OfUserRealmPassword() {
        CredentialLookup found = store.lookup("alice", now);
        assertFalse(found.refused());
        assertArrayEquals(LongTermKey.md5("alice", "realm", "wonderland"), found.candidates().get(0).md5Key());
        assertEquals("static", found.candidates().get(0).owner());
    }

    @Test
    void restUsernameYieldsOneCandidatePerSecretForRotation() {
        RestCredentials.Credential minted = RestCredentials.mint(OLD, now + 60, "bob");
        CredentialLookup found = store.lookup(minted.username(), now);
        assertEquals(2, found.candidates().size());
        assertArrayEquals(LongTermKey.md5(minted.username(), "realm", minted.password()),
                found.candidates().get(1).md5Key(), "the old secret's key is a candidate");
        assertEquals("bob", found.candidates().get(0).userTag());
    }

    @Test
    void expiredRestUsernameIsRefusedAsExpired() {
        String username = RestCredentials.mint(NEW, now - 1, "bob").username();
        assertEquals(AuthFailure.EXPIRED, store.lookup(username, now).failure());
    }

    @Test
    void unknownUserIsRefused() {
        assertEquals(AuthFailure.UNKNOWN_USER, store.lookup("mallory", now).failure());
        assertEquals(AuthFailure.UNKNOWN_USER,
                new SharedSecrets(List.of(), "realm").lookup(now + 60 + ":x", now).failure());
    }

    @Test
    void bothKeysAreDerivedForStaticAndRestUsers_rfc8489Section9_2_2() {
        Credential alice = store.lookup("alice", now).candidates().get(0);
        assertArrayEquals(LongTermKey.sha256("alice", "realm", "wonderland"), alice.sha256Key());
        String rest = (now + 60) + ":bob";
        Credential bob = store.lookup(rest, now).candidates().get(0);
        assertArrayEquals(LongTermKey.sha256(rest, "realm", RestCredentials.password(NEW, rest)), bob.sha256Key());
        assertArrayEquals(bob.sha256Key(), bob.ownedBy("k1", "bob").key(PasswordAlgorithm.SHA256));
    }

    @Test
    void userHashNamesStaticUsersOnly_rfc8489Section14_4() {
        assertEquals("alice", store.usernameOf(LongTermKey.userHash("alice", "realm")));
        assertNull(store.usernameOf(LongTermKey.userHash("alice", "other-realm")));
        assertNull(store.usernameOf(LongTermKey.userHash((now + 60) + ":bob", "realm")), "REST users have no hash");
        // The HTTP API's wrapper (revocation, owners) resolves through the store it wraps.
        CredentialStore api = new ApiCredentialStore(store, ApiKeys.of(List.of(), "admin-token-0123456789"),
                new RevocationList(10, Clock.systemUTC()));
        assertEquals("alice", api.usernameOf(LongTermKey.userHash("alice", "realm")));
    }
}
