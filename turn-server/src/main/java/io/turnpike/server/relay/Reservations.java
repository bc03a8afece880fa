package io.turnpike.server.relay;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relay ports reserved by an Allocate with EVEN-PORT R=1 (RFC 8656 §7.2): port N+1 is held under a
 * random 8-byte RESERVATION-TOKEN for a later Allocate, which may come on any 5-tuple and so on any
 * event loop; hence a concurrent map, touched only on the control path and by the sweeps. A
 * reservation not claimed within {@link #HOLD_MILLIS} returns its port to the pool.
 */
public final class Reservations {
    /** How long a reservation is held (the RFC's minimum is 30 s). */
    public static final long HOLD_MILLIS = 30_000;

    /** Set in what {@link #claim} returns when the reserved port is on the IPv6 relay address. */
    public static final int IPV6 = 1 << 16;

    private record Held(int port, boolean ipv6, long expiresAtMillis) {
    }

    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final RelayPorts ports;
    private final SecureRandom random = new SecureRandom();

    /** Reservations of ports from {@code ports}. */
    public Reservations(RelayPorts ports) {
        this.ports = ports;
    }

    /** Holds the already taken {@code port} of the IPv4 relay address; returns its token. */
    public long reserve(int port, long nowMillis) {
        return reserve(port, false, nowMillis);
    }

    /**
     * Holds the already taken {@code port} on the relay address of the family ({@code ipv6} or
     * IPv4: RFC 8656 §7.2 reserves N+1 "on the same IP address"); returns its token.
     */
    public long reserve(int port, boolean ipv6, long nowMillis) {
        long token;
        do {
            token = random.nextLong();
        } while (held.putIfAbsent(token, new Held(port, ipv6, nowMillis + HOLD_MILLIS)) != null);
        return token;
    }

    /**
     * Claims the port held under {@code token} (it stays taken in the pool), or -1 when none is; an
     * IPv6 reservation has {@link #IPV6} set, so the port is {@code claimed & 0xFFFF}.
     */
    public int claim(long token, long nowMillis) {
        Held h = held.remove(token);
        if (h == null) {
            return -1;
        }
        if (h.expiresAtMillis() <= nowMillis) {
            ports.release(h.port());
            return -1;
        }
        return h.ipv6() ? h.port() | IPV6 : h.port();
    }

    /** Returns expired reservations' ports to the pool. */
    public void sweep(long nowMillis) {
        Iterator<Map.Entry<Long, Held>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Held> e = it.next();
            if (e.getValue().expiresAtMillis() <= nowMillis && held.remove(e.getKey(), e.getValue())) {
                ports.release(e.getValue().port());
            }
        }
    }

    /** Reservations currently held. */
    public int size() {
        return held.size();
    }

    /** The key of a RESERVATION-TOKEN value (its 8 bytes, big-endian). */
    public static long tokenOf(byte[] value) {
        long v = 0;
        for (int i = 0; i < Math.min(8, value.length); i++) {
            v = (v << 8) | (value[i] & 0xFF);
        }
        return v;
    }

    /** The 8-byte RESERVATION-TOKEN value for {@code token}. */
    public static byte[] valueOf(long token) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) token;
            token >>>= 8;
        }
        return out;
    }
}
