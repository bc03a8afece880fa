package io.turnpike.server.allocation;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Iterator;

/**
 * The permissions of one allocation (RFC 8656 §9): peer IP address (no port) to expiry deadline.
 * Relays are IPv4, so peers are IPv4 and the key is the address as an int, which
 * {@link Inet4Address#hashCode()} returns without allocating (unlike {@code getAddress()}).
 * Owned by the allocation's event loop; not thread-safe by design.
 */
public final class Permissions {
    /** A permission's deadline; mutable so a refresh allocates nothing. */
    private static final class Entry {
        long expiresAtMillis;

        Entry(long expiresAtMillis) {
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    private final IntObjectHashMap<Entry> byAddress = new IntObjectHashMap<>(4);

    /** The key of an IPv4 address: its 32 bits, read without allocation. */
    public static int key(InetAddress address) {
        return address.hashCode();
    }

    /**
     * Installs or refreshes the permission for {@code address} (RFC 8656 §9).
     *
     * @return true when it was installed (not there, or expired), false when refreshed
     */
    public boolean install(InetAddress address, long expiresAtMillis, long nowMillis) {
        Entry e = byAddress.get(key(address));
        if (e == null) {
            byAddress.put(key(address), new Entry(expiresAtMillis));
            return true;
        }
        boolean wasExpired = e.expiresAtMillis <= nowMillis;
        e.expiresAtMillis = expiresAtMillis;
        return wasExpired;
    }

    /** Whether a live permission exists for the IPv4 address {@code addressKey} (hot path). */
    public boolean allows(int addressKey, long nowMillis) {
        Entry e = byAddress.get(addressKey);
        return e != null && e.expiresAtMillis > nowMillis;
    }

    /** Whether a live permission exists for {@code address} (hot path: no allocation). */
    public boolean allows(InetAddress address, long nowMillis) {
        return address instanceof Inet4Address && allows(key(address), nowMillis);
    }

    /** Removes expired permissions; returns how many. Called by the sweep. */
    public int removeExpired(long nowMillis) {
        int removed = 0;
        Iterator<IntObjectMap.PrimitiveEntry<Entry>> it = byAddress.entries().iterator();
        while (it.hasNext()) {
            if (it.next().value().expiresAtMillis <= nowMillis) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Number of permissions held (live or expired but not yet swept). */
    public int size() {
        return byAddress.size();
    }
}
