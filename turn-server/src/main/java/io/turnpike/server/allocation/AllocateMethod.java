package io.turnpike.server.allocation;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.AttributeType;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.UnknownAttributes;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.relay.RelaySettings;
import io.turnpike.server.relay.Reservations;
import io.turnpike.server.security.AllocationQuota;
import io.turnpike.server.security.BandwidthLimiter;
import java.util.List;

/** The Allocate method (RFC 8656 §7.2), for an authenticated request. */
final class AllocateMethod {
    /** IANA protocol number of UDP in REQUESTED-TRANSPORT (§18.8); TCP (RFC 6062) is {@link TcpMethods#TCP}. */
    static final int UDP = 17;
    /** REQUESTED-ADDRESS-FAMILY / ADDITIONAL-ADDRESS-FAMILY values (§18.6). */
    static final int IPV4 = 0x01;
    /** See {@link #IPV4}. */
    static final int IPV6 = 0x02;

    private final TurnContext turn;
    private final RelayBinder binder;
    private final TcpMethods tcp;

    AllocateMethod(TurnContext turn, TcpMethods tcp) {
        this.turn = turn;
        this.binder = new RelayBinder(turn);
        this.tcp = tcp;
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
                    RelayBinder.resend(r, existing.allocateResponse());
                }
                return;
            }
            refuse(r, 437);
            return;
        }
        RequestedTransport transport = m.get(RequestedTransport.class);
        boolean overTcp = transport != null && transport.protocol() == TcpMethods.TCP;
        int error = overTcp ? tcp.checkAllocate(r) : 0;
        if (error == 0) {
            error = check(m, turn.relay(), turn.opener().supportsDontFragment(), overTcp);
        }
        if (error == 420) {
            // §7.2 step 4: DONT-FRAGMENT we cannot honour is an unknown comprehension-required attribute.
            turn.events().allocationRefused(420);
            r.fail(Replies.error(m, 420).add(new UnknownAttributes(List.of(AttributeType.DONT_FRAGMENT.code()))));
            return;
        }
        if (error != 0) {
            refuse(r, error);
            return;
        }
        // Step 11: a draining node sends new allocations elsewhere; one that claims a port reserved
        // here (RESERVATION-TOKEN, the second half of an EVEN-PORT pair) is still served.
        if (turn.alternates().draining() && !m.has(ReservationToken.class)) {
            atCapacity(r);
            return;
        }
        // Step 10: per-user quota (the REST tag, or the static user name) and the server-wide cap.
        String quotaKey = r.credential.userTag().isEmpty() ? r.username : r.credential.userTag();
        AllocationQuota.Decision decision = turn.quota().tryReserve(quotaKey);
        if (decision == AllocationQuota.Decision.SERVER_FULL) {
            atCapacity(r);
            return;
        }
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
        ReservationToken token = m.get(ReservationToken.class);
        EvenPort even = m.get(EvenPort.class);
        RequestedAddressFamily family = m.get(RequestedAddressFamily.class);
        boolean ipv6 = family != null && family.family() == IPV6;
        RelayBinder.Choice choice;
        if (overTcp) {
            choice = RelayBinder.Choice.TCP; // RFC 6062 §5.1 step 4: a TCP relayed transport address
        } else if (token != null) {
            int reserved = turn.reservations().claim(Reservations.tokenOf(token.value()), r.nowMillis);
            if (reserved < 0) {
                r.loop.abandon(allocation);
                refuse(r, 508); // step 5: unknown or expired token
                return;
            }
            ipv6 = (reserved & Reservations.IPV6) != 0; // the reserved address's family
            choice = RelayBinder.Choice.reserved(reserved & 0xFFFF);
        } else if (even != null) {
            choice = even.reserveNext() ? RelayBinder.Choice.EVEN_PAIR : RelayBinder.Choice.EVEN;
        } else {
            choice = RelayBinder.Choice.ANY;
        }
        binder.bind(r, allocation, choice, ipv6, m.has(AdditionalAddressFamily.class));
    }

    /**
     * Steps 3 to 9: the attribute checks, in order; 0 when they pass.
     *
     * @param relay which relay families exist (step 7: 440 for a family without one)
     * @param dontFragment whether relay sockets can send with DF set (step 4: else 420)
     */
    static int check(StunMessage m, RelaySettings relay, boolean dontFragment) {
        return check(m, relay, dontFragment, false);
    }

    /** The checks, with {@code tcpAllowed} when the RFC 6062 checks for TCP have passed. */
    static int check(StunMessage m, RelaySettings relay, boolean dontFragment, boolean tcpAllowed) {
        RequestedTransport transport = m.get(RequestedTransport.class);
        if (transport == null) {
            return 400; // step 3
        }
        if (transport.protocol() != UDP && !(tcpAllowed && transport.protocol() == TcpMethods.TCP)) {
            return 442; // step 3; RFC 6062 §5.1 step 1
        }
        if (m.has(DontFragment.class) && !dontFragment) {
            return 420; // step 4
        }
        RequestedAddressFamily family = m.get(RequestedAddressFamily.class);
        AdditionalAddressFamily additional = m.get(AdditionalAddressFamily.class);
        EvenPort evenPort = m.get(EvenPort.class);
        if (m.has(ReservationToken.class) && (evenPort != null || family != null || additional != null)) {
            return 400; // step 5 (the token itself is checked when the port is taken: 508)
        }
        if (family != null && additional != null) {
            return 400; // step 6
        }
        if (family != null && (family.family() != IPV4 && family.family() != IPV6
                || !relay.supports(family.family() == IPV6))) {
            return 440; // step 7: unknown family, or no relay of that family
        }
        if (family == null && !relay.supports(false)) {
            return 440; // step 7: IPv4 is the default and there is no IPv4 relay
        }
        if (evenPort != null && evenPort.reserveNext() && additional != null) {
            return 400; // step 8
        }
        if (additional != null && additional.family() != IPV6) {
            return 400; // step 9 (0x02 is the only valid value, §18.11); a missing IPv6 relay is
                        // answered in the success response with ADDRESS-ERROR-CODE 440
        }
        return 0;
    }

    /**
     * Where 508 Insufficient Capacity would be answered: 300 Try Alternate instead when an alternate
     * server is configured for the client (step 11, RFC 8489 §10), else 508.
     */
    static void atCapacity(TurnRequest r) {
        StunMessage.Builder redirect = r.turn.alternates().response(r);
        if (redirect != null) {
            r.turn.events().allocationRefused(300);
            r.reply(redirect); // signed with the request's key (RFC 8489 §14.8)
            return;
        }
        r.turn.events().allocationRefused(508);
        r.fail(508);
    }

    private void refuse(TurnRequest r, int code) {
        turn.events().allocationRefused(code);
        r.fail(code);
    }
}
