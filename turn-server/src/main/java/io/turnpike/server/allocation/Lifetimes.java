package io.turnpike.server.allocation;

import io.turnpike.protocol.attribute.Lifetime;

/** Lifetime arithmetic of RFC 8656 §7.2 and §8.2. */
final class Lifetimes {
    private Lifetimes() {
    }

    /**
     * The "desired lifetime" in milliseconds for a request with {@code requested} (may be null):
     * min(requested, max), but never below the default; 0 only for an explicit LIFETIME of 0 (§8.2).
     */
    static long desired(Lifetime requested, AllocationSettings s) {
        if (requested == null) {
            return s.defaultLifetimeMillis();
        }
        if (requested.seconds() == 0) {
            return 0;
        }
        long asked = Math.min(requested.seconds(), s.maxLifetimeMillis() / 1000) * 1000;
        return Math.max(asked, s.defaultLifetimeMillis());
    }
}
