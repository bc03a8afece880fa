package io.turnpike.bench.load;

/**
 * When the generator refreshes what it holds, so that a run longer than a lifetime keeps relaying.
 * Permissions last 300 s (RFC 8656 §9) and channel bindings 600 s (§12); a ChannelBind on an existing
 * binding refreshes both it and the permission (§12.2), so one refresh every 120 s covers either mode
 * with room for retransmissions. The allocation is refreshed a minute before it expires, or at half
 * its lifetime when that is shorter than two minutes.
 */
final class RefreshPlan {
    /** Seconds between CreatePermission / ChannelBind refreshes. */
    static final long BINDING_REFRESH_SECONDS = 120;
    /** Lifetime assumed when a success response carries no LIFETIME (RFC 8656 default). */
    static final long DEFAULT_LIFETIME_SECONDS = 600;

    private RefreshPlan() {
    }

    /** Seconds after a successful Allocate or Refresh granting {@code lifetime} to refresh again. */
    static long allocationRefreshSeconds(long lifetime) {
        if (lifetime <= 0) {
            return DEFAULT_LIFETIME_SECONDS - 60;
        }
        return lifetime >= 120 ? lifetime - 60 : Math.max(1, lifetime / 2);
    }
}
