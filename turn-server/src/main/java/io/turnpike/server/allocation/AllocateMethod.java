package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.XorMappedAddress;
import io.turnpike.protocol.attribute.XorRelayedAddress;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.security.AllocationQuota;
import io.turnpike.server.security.BandwidthLimiter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The Allocate method (RFC 8656 §7.2), for an authenticated request. */
final class AllocateMethod {
    /** IANA protocol number of UDP, the only REQUESTED-TRANSPORT this server relays (§18.8). */
    static final int UDP = 17;
    /** REQUESTED-ADDRESS-FAMILY / ADDITIONAL-ADDRESS-FAMILY values (§18.6). */
    static final int IPV4 = 0x01;
    private static final int BIND_ATTEMPTS = 8;

    private final TurnContext turn;

    AllocateMethod(TurnContext turn) {
        this.turn = turn;
    }

    void handle(TurnRequest r) {
        StunMessage m = r.message;
        // Step 2: the 5-tuple is in use. A retransmission (same transaction id, same user) gets the
        // stored answer and creates nothing; while the relay socket is still binding it gets none.
        Allocation existing = r.link.allocation();
        if (existing != null && existing.isActive() && existing.expired(r.nowMillis)) {
            r.loop.close(existing, CloseReason.EXPIRED, r.nowMillis);
            existing = null;
        }
        if (existing != null) {
            if (existing.allocateTransaction().equals(m.transactionId()) && existing.username().equals(r.username)) {
                if (existing.isActive()) {
                    resend(r, existing.allocateResponse());
                }
                return;
            }
            refuse(r, 437);
            return;
        }
        int error = check(m);
        if (error != 0) {
            refuse(r, error);
            return;
        }
        // Step 10: per-user quota (the REST tag, or the static user name) and the server-wide cap.
        String quotaKey = r.credential.userTag().isEmpty() ? r.username : r.credential.userTag();
        AllocationQuota.Decision decision = turn.quota().tryReserve(quotaKey);
        if (decision != AllocationQuota.Decision.GRANTED) {
            refuse(r, decision.errorCode());
            return;
        }
        long lifetime = Lifetimes.desired(m.get(Lifetime.class), turn.lifetimes());
        if (lifetime == 0) {
            lifetime = turn.lifetimes().defaultLifetimeMillis(); // LIFETIME 0 only deletes on Refresh
        }
        Allocation allocation = new Allocation(turn.ids().incrementAndGet(), r.link, r.username, r.credential,
                m.transactionId(), r.nowMillis, r.nowMillis + lifetime);
        allocation.limits(quotaKey, BandwidthLimiter.create(turn.bandwidthPerAllocation(), System.nanoTime()));
        r.link.attach(allocation);
        bind(r, allocation, BIND_ATTEMPTS);
    }

    /** Steps 3 to 9: the attribute checks, in order; 0 when they pass. */
    static int check(StunMessage m) {
        RequestedTransport transport = m.get(RequestedTransport.class);
        if (transport == null) {
            return 400; // step 3
        }
        if (transport.protocol() != UDP) {
            return 442; // step 3: TCP relays (RFC 6062) are not supported
        }
        // Step 4: DONT-FRAGMENT is accepted: Linux sends UDP with DF set by default (PMTU discovery).
        RequestedAddressFamily family = m.get(RequestedAddressFamily.class);
        AdditionalAddressFamily additional = m.get(AdditionalAddressFamily.class);
        EvenPort evenPort = m.get(EvenPort.class);
        if (m.has(ReservationToken.class)) {
            // Step 5: we never issue tokens, so none is valid.
            return evenPort != null || family != null || additional != null ? 400 : 508;
        }
        if (family != null && additional != null) {
            return 400; // step 6
        }
        if (family != null && family.family() != IPV4) {
            return 440; // step 7: IPv4 relays only
        }
        if (evenPort != null && evenPort.reserveNext()) {
            return additional != null ? 400 : 508; // step 8: no reservations
        }
        if (additional != null) {
            // Step 9: 0x01 is invalid here; a dual allocation (IPv6 too) cannot be satisfied.
            return additional.family() == IPV4 ? 400 : 440;
        }
        return 0;
    }

    /** Takes a relay port and binds the relay socket, retrying when a port is busy outside our pool. */
    private void bind(TurnRequest r, Allocation allocation, int attemptsLeft) {
        int port = turn.ports().acquire();
        if (port < 0 || attemptsLeft == 0) {
            if (port >= 0) {
                turn.ports().release(port);
            }
            r.loop.abandon(allocation);
            refuse(r, 508);
            return;
        }
        ChannelFuture future = turn.opener().open(allocation, port);
        future.addListener((ChannelFutureListener) f -> bound(r, allocation, port, f, attemptsLeft));
    }

    private void bound(TurnRequest r, Allocation allocation, int port, ChannelFuture f, int attemptsLeft) {
        if (!f.isSuccess()) {
            turn.ports().release(port);
            if (allocation.isClosed()) {
                return;
            }
            bind(r, allocation, attemptsLeft - 1);
            return;
        }
        Channel relay = f.channel();
        if (allocation.isClosed() || r.link.allocation() != allocation) {
            // The client went away (its connection closed) while the socket was binding.
            r.loop.abandon(allocation);
            relay.close().addListener((ChannelFutureListener) c -> turn.ports().release(port));
            return;
        }
        InetSocketAddress advertised = new InetSocketAddress(advertisedAddress(r), port);
        StunMessage.Builder response = Replies.success(r.message)
                .add(new XorRelayedAddress(advertised))
                .add(new Lifetime((allocation.expiresAtMillis() - r.nowMillis) / 1000))
                .add(new XorMappedAddress(r.link.client()));
        if (!turn.software().isEmpty()) {
            response.add(new Software(turn.software()));
        }
        StunMessage built = response.build();
        AllocationInfo info = new AllocationInfo(allocation.id(), r.username, r.credential.owner(),
                r.credential.userTag(), r.link.client(), advertised, r.link.transport(), turn.clock().millis());
        allocation.activate(relay, port, advertised, built, info);
        r.loop.add(allocation);
        resend(r, built);
    }

    /** relay.public-address, else the bind address, else (wildcard) the address the client reached. */
    private InetAddress advertisedAddress(TurnRequest r) {
        if (turn.relay().publicAddress() != null) {
            return turn.relay().publicAddress();
        }
        InetAddress bind = turn.relay().bindAddress();
        if (!bind.isAnyLocalAddress()) {
            return bind;
        }
        InetAddress local = r.link.local().getAddress();
        return local instanceof Inet4Address && !local.isAnyLocalAddress() ? local : InetAddress.getLoopbackAddress();
    }

    private void refuse(TurnRequest r, int code) {
        turn.events().allocationRefused(code);
        r.fail(code);
    }

    /** Sends a built success response signed with the request's key. */
    private static void resend(TurnRequest r, StunMessage response) {
        Replies.send(r.link, response, r.credential.key(), true);
    }
}
