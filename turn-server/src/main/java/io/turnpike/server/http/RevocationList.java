package io.turnpike.server.http;

import io.turnpike.server.auth.RestCredentials;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST credentials revoked through the API before their expiry. The TURN engine asks
 * {@link #isRevoked(String)} during its credential check (a revoked username gets no new allocation
 * and no refresh); the HTTP API adds entries. An entry lives only until the credential's own expiry
 * (after which the TURN side refuses the name anyway), so the list is bounded by the TTL limit and
 * by {@code maxEntries}. Thread-safe; the lookup is one hash probe and takes no lock.
 */
public final class RevocationList {
    private final ConcurrentHashMap<String, Long> expiryByUsername = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Clock clock;

    /** A list holding at most {@code maxEntries} live revocations. */
    public RevocationList(int maxEntries, Clock clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Outcome of {@link #revoke(String)}. */
    public enum Result {
        /** Now revoked (or already was). */
        REVOKED,
        /** Already expired: nothing to remember. */
        EXPIRED,
        /** Not a REST username (no expiry to bound the entry by). */
        NOT_REST,
        /** The list is full of live revocations. */
        FULL
    }

    /** Revokes {@code username} until its expiry. */
    public Result revoke(String username) {
        long expiry = RestCredentials.expiryOf(username);
        if (expiry < 0) {
            return Result.NOT_REST;
        }
        long now = clock.instant().getEpochSecond();
        if (expiry <= now) {
            return Result.EXPIRED;
        }
        if (expiryByUsername.size() >= maxEntries) {
            purgeExpired();
            if (expiryByUsername.size() >= maxEntries && !expiryByUsername.containsKey(username)) {
                return Result.FULL;
            }
        }
        expiryByUsername.put(username, expiry);
        return Result.REVOKED;
    }

    /** Whether {@code username} was revoked and has not expired yet. */
    public boolean isRevoked(String username) {
        Long expiry = expiryByUsername.get(username);
        if (expiry == null) {
            return false;
        }
        if (expiry <= clock.instant().getEpochSecond()) {
            expiryByUsername.remove(username, expiry);
            return false;
        }
        return true;
    }

    /** Drops entries whose credential has expired; the owner may call it periodically. */
    public void purgeExpired() {
        long now = clock.instant().getEpochSecond();
        for (Iterator<Map.Entry<String, Long>> it = expiryByUsername.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue() <= now) {
                it.remove();
            }
        }
    }

    /** Entries currently held (expired ones may linger until purged). */
    public int size() {
        return expiryByUsername.size();
    }
}
