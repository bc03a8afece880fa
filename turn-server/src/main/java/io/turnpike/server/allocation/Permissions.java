package io.turnpike.server.allocation;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The permissions of one allocation (RFC 8656 §9): peer IP address (no port) to expiry deadline.
 * IPv4 peers are keyed by the address as an int, which {@link Inet4Address#hashCode()} returns
 * without allocating (unlike {@code getAddress()}). IPv6 peers (allocations with an IPv6 relay) sit
 * in a short list searched linearly, matched either by {@link Inet6Address#equals} (a datagram's
 * sender) or by the 16 address bytes (a Send indication read in place): neither allocates. Clients
 * install a handful of permissions; the list is capped at {@link #MAX_IPV6} (508 beyond it).
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

    /** An IPv6 permission: the address both as an object and as bytes, and its deadline. */
    private static final class Entry6 {
        final InetAddress address;
        final byte[] bytes;
        long expiresAtMillis;

        Entry6(InetAddress address, long expiresAtMillis) {
            this.address = address;
            this.bytes = address.getAddress();
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    /** Most IPv6 permissions one allocation may hold (bounds the linear search). */
    public static final int MAX_IPV6 = 64;

    private final IntObjectHashMap<Entry> byAddress = new IntObjectHashMap<>(4);
    private final ArrayList<Entry6> ipv6 = new ArrayList<>(0);

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
        if (address instanceof Inet6Address) {
            return install6(address, expiresAtMillis, nowMillis);
        }
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
        if (address instanceof Inet4Address) {
            return allows(key(address), nowMillis);
        }
        for (int i = 0, n = ipv6.size(); i < n; i++) {
            Entry6 e = ipv6.get(i);
            if (e.address.equals(address)) {
                return e.expiresAtMillis > nowMillis;
            }
        }
        return false;
    }

    /** Whether a permission, live or expired but not yet swept, is held for {@code address}. */
    public boolean holds(InetAddress address) {
        return allows(address, Long.MIN_VALUE);
    }

    /** Whether a live permission exists for the IPv6 address {@code bytes} (hot path: Send indications). */
    public boolean allowsIpv6(byte[] bytes, long nowMillis) {
        for (int i = 0, n = ipv6.size(); i < n; i++) {
            Entry6 e = ipv6.get(i);
            if (Arrays.equals(e.bytes, bytes)) {
                return e.expiresAtMillis > nowMillis;
            }
        }
        return false;
    }

    /** Whether one more IPv6 permission fits (false: CreatePermission gets 508, RFC 8656 §10.2). */
    public boolean hasRoomForIpv6(int more) {
        return ipv6.size() + more <= MAX_IPV6;
    }

    private boolean install6(InetAddress address, long expiresAtMillis, long nowMillis) {
        for (int i = 0, n = ipv6.size(); i < n; i++) {
            Entry6 e = ipv6.get(i);
            if (e.address.equals(address)) {
                boolean wasExpired = e.expiresAtMillis <= nowMillis;
                e.expiresAtMillis = expiresAtMillis;
                return wasExpired;
            }
        }
        ipv6.add(new Entry6(address, expiresAtMillis));
        return true;
    }

    /** Removes every permission of one family (RFC 8656 §8.1: that half of a dual allocation went). */
    public int removeFamily(boolean ipv6Family) {
        int removed;
        if (ipv6Family) {
            removed = ipv6.size();
            ipv6.clear();
        } else {
            removed = byAddress.size();
            byAddress.clear();
        }
        return removed;
    }

    /** Removes expired permissions; returns how many. Called by the sweep. */
    public int removeExpired(long nowMillis) {
        int removed = 0;
        for (int i = ipv6.size() - 1; i >= 0; i--) {
            if (ipv6.get(i).expiresAtMillis <= nowMillis) {
                ipv6.remove(i);
                removed++;
            }
        }
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
        return byAddress.size() + ipv6.size();
    }
}
