package io.turnpike.server.allocation;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.LongObjectHashMap;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The channel bindings of one allocation, indexed both ways (RFC 8656 §12: a binding is uniquely
 * identified by its number and by its peer). IPv4 peer keys pack the address and port into a long;
 * IPv6 peers are looked up by their socket address (a datagram's sender, no allocation).
 * Owned by the allocation's event loop.
 */
public final class ChannelBindings {
    /** Lowest valid channel number (RFC 8656 §12). */
    public static final int MIN_CHANNEL = 0x4000;
    /** Highest valid channel number (RFC 8656 §12). */
    public static final int MAX_CHANNEL = 0x4FFF;

    /** Outcome of {@link #bind}. */
    public enum BindResult {
        /** A new binding. */
        CREATED,
        /** The same number and peer: expiry reset. */
        REFRESHED,
        /** The number is bound to a different peer (400). */
        NUMBER_TAKEN,
        /** The peer is bound to a different number (400). */
        PEER_TAKEN
    }

    private final IntObjectHashMap<ChannelBinding> byNumber = new IntObjectHashMap<>(4);
    private final LongObjectHashMap<ChannelBinding> byPeer = new LongObjectHashMap<>(4);
    private final HashMap<InetSocketAddress, ChannelBinding> byPeer6 = new HashMap<>(2);

    /** The {@link ChannelBinding#peerKey} of an IPv6 peer: no packed key (IPv4 keys are never negative). */
    public static final long IPV6_PEER = -1;

    /** Packs an IPv4 peer address and port; allocation-free (see {@link Permissions#key}). */
    public static long peerKey(InetAddress address, int port) {
        return ((address.hashCode() & 0xFFFFFFFFL) << 16) | (port & 0xFFFF);
    }

    /** Whether {@code number} is a valid channel number (RFC 8656 §12). */
    public static boolean validNumber(int number) {
        return validNumber(number, MAX_CHANNEL);
    }

    /** Whether {@code number} is in 0x4000..{@code max} (max 0x7FFF accepts RFC 5766 clients). */
    public static boolean validNumber(int number, int max) {
        return number >= MIN_CHANNEL && number <= max;
    }

    /**
     * Creates or refreshes the binding of {@code number} to {@code peer} (RFC 8656 §12.2). Bindings
     * whose expiry passed count as unbound.
     */
    public BindResult bind(int number, InetSocketAddress peer, long expiresAtMillis, long nowMillis) {
        boolean ipv6 = peer.getAddress() instanceof Inet6Address;
        long key = ipv6 ? IPV6_PEER : peerKey(peer.getAddress(), peer.getPort());
        ChannelBinding byNum = liveOrDrop(byNumber.get(number), nowMillis);
        ChannelBinding byAddr = liveOrDrop(ipv6 ? byPeer6.get(peer) : byPeer.get(key), nowMillis);
        if (byNum != null && (byNum.peerKey() != key || !byNum.peer().equals(peer))) {
            return BindResult.NUMBER_TAKEN;
        }
        if (byAddr != null && byAddr.number() != number) {
            return BindResult.PEER_TAKEN;
        }
        if (byNum != null) {
            byNum.expiresAtMillis = expiresAtMillis;
            return BindResult.REFRESHED;
        }
        ChannelBinding b = new ChannelBinding(number, peer, key, expiresAtMillis);
        byNumber.put(number, b);
        if (ipv6) {
            byPeer6.put(peer, b);
        } else {
            byPeer.put(key, b);
        }
        return BindResult.CREATED;
    }

    private ChannelBinding liveOrDrop(ChannelBinding b, long nowMillis) {
        if (b != null && !b.live(nowMillis)) {
            remove(b);
            return null;
        }
        return b;
    }

    private void remove(ChannelBinding b) {
        byNumber.remove(b.number());
        if (b.peerKey() == IPV6_PEER) {
            byPeer6.remove(b.peer());
        } else {
            byPeer.remove(b.peerKey());
        }
    }

    /** The live binding of {@code number}, or null (hot path: client to peer). */
    public ChannelBinding byNumber(int number, long nowMillis) {
        ChannelBinding b = byNumber.get(number);
        return b != null && b.live(nowMillis) ? b : null;
    }

    /** The live binding of the peer with key {@code peerKey}, or null (hot path: peer to client). */
    public ChannelBinding byPeer(long peerKey, long nowMillis) {
        if (byPeer.isEmpty()) {
            return null;
        }
        ChannelBinding b = byPeer.get(peerKey);
        return b != null && b.live(nowMillis) ? b : null;
    }

    /** The live binding of the IPv6 peer {@code peer}, or null (hot path: peer to client). */
    public ChannelBinding byPeer6(InetSocketAddress peer, long nowMillis) {
        if (byPeer6.isEmpty()) {
            return null;
        }
        ChannelBinding b = byPeer6.get(peer);
        return b != null && b.live(nowMillis) ? b : null;
    }

    /** Removes the bindings to peers of one family (RFC 8656 §8.1); returns how many. */
    public int removeFamily(boolean ipv6) {
        List<ChannelBinding> gone = new ArrayList<>();
        for (ChannelBinding b : byNumber.values()) {
            if ((b.peerKey() == IPV6_PEER) == ipv6) {
                gone.add(b);
            }
        }
        for (ChannelBinding b : gone) {
            remove(b);
        }
        return gone.size();
    }

    /** Removes expired bindings; returns how many. Called by the sweep. */
    public int removeExpired(long nowMillis) {
        if (byNumber.isEmpty()) {
            return 0;
        }
        List<ChannelBinding> expired = null;
        for (ChannelBinding b : byNumber.values()) {
            if (!b.live(nowMillis)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(b);
            }
        }
        if (expired == null) {
            return 0;
        }
        for (ChannelBinding b : expired) {
            remove(b);
        }
        return expired.size();
    }

    /** Number of bindings held (live or expired but not yet swept). */
    public int size() {
        return byNumber.size();
    }
}
