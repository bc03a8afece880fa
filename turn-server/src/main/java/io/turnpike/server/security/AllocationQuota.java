package io.turnpike.server.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allocation limits (RFC 8656 §21.3.1: limit the allocations a username may hold, so one client
 * cannot take every relay port): a per-user quota, answered with 486 Allocation Quota Reached
 * (RFC 8656 §7.2 step 10), and a server-wide total, answered with 508 Insufficient Capacity.
 *
 * <p>Call {@link #tryReserve} before creating an allocation and {@link #release} exactly once when
 * it ends (expiry, Refresh with LIFETIME 0, revocation, or when creation failed after reserving).
 * Thread-safe: allocations of one user live on different event loops.
 */
public final class AllocationQuota {

    /** Outcome of {@link #tryReserve}. */
    public enum Decision {
        /** Reserved; the caller must {@link #release} it later. */
        GRANTED(0),
        /** The user holds {@code max-allocations-per-user} already: 486 Allocation Quota Reached. */
        USER_QUOTA_REACHED(486),
        /** The server holds {@code max-allocations} already: 508 Insufficient Capacity. */
        SERVER_FULL(508);

        private final int errorCode;

        Decision(int errorCode) {
            this.errorCode = errorCode;
        }

        /** The STUN error code to answer with; 0 for {@link #GRANTED}. */
        public int errorCode() {
            return errorCode;
        }
    }

    private final int maxPerUser;
    private final int maxTotal;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    /**
     * @param maxPerUser allocations one username may hold at once; 0 = unlimited
     * @param maxTotal   allocations the server holds at once; 0 = unlimited
     */
    public AllocationQuota(int maxPerUser, int maxTotal) {
        if (maxPerUser < 0 || maxTotal < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
    }

    /**
     * Reserves one allocation for {@code username} if both limits allow it. For TURN REST
     * usernames ({@code expiry:name}) pass the name part, so that minting new credentials does not
     * reset the quota.
     */
    public Decision tryReserve(String username) {
        if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
            total.decrementAndGet();
            return Decision.SERVER_FULL;
        }
        boolean[] granted = {false};
        perUser.compute(username, (user, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (maxPerUser == 0 || c.get() < maxPerUser) {
                c.incrementAndGet();
                granted[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (!granted[0]) {
            total.decrementAndGet();
            return Decision.USER_QUOTA_REACHED;
        }
        return Decision.GRANTED;
    }

    /** Gives back one allocation of {@code username} reserved by a granted {@link #tryReserve}. */
    public void release(String username) {
        boolean[] released = {false};
        perUser.computeIfPresent(username, (user, count) -> {
            released[0] = true;
            return count.decrementAndGet() <= 0 ? null : count;
        });
        if (released[0]) {
            total.decrementAndGet();
        }
    }

    /** Allocations held by {@code username}. */
    public int count(String username) {
        AtomicInteger c = perUser.get(username);
        return c == null ? 0 : c.get();
    }

    /** Allocations held in total. */
    public int total() {
        return total.get();
    }
}
