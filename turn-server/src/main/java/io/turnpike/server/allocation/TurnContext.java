package io.turnpike.server.allocation;

import io.turnpike.server.auth.Authenticator;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.relay.RelayPorts;
import io.turnpike.server.relay.RelaySettings;
import io.turnpike.server.relay.Reservations;
import io.turnpike.server.relay.tcp.TcpRelay;
import io.turnpike.server.security.AllocationQuota;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the TURN method handlers share: settings and collaborators, immutable, built once at start.
 *
 * @param software SOFTWARE value for success responses, "" for none
 * @param authenticator the long-term credential check
 * @param lifetimes allocation, permission and channel lifetimes
 * @param relay relay settings (advertised address)
 * @param ports the relay port pool
 * @param opener opens relay sockets
 * @param peers which peers may be reached (403 otherwise)
 * @param events lifecycle listener
 * @param counters relay traffic counters
 * @param clock the one clock (tests control it)
 * @param ids allocation id source
 * @param quota per-user and total allocation limits (486 / 508, RFC 8656 §7.2 step 10)
 * @param bandwidthPerAllocation bytes per second relayed per allocation, 0 for unlimited
 * @param reservations relay ports reserved by EVEN-PORT for a later Allocate
 * @param hostAddress advertised for a wildcard-bound relay when nothing better is known
 * @param hostAddress6 the same for IPv6 relays, or null when the host has no global IPv6 address
 * @param alternates 300 Try Alternate at capacity or while draining (RFC 8656 §7.2 step 11)
 * @param discovery RFC 5780 NAT behaviour discovery for Binding
 * @param tcp the RFC 6062 TCP relay, or null without one (Allocate for TCP gets 442)
 */
public record TurnContext(String software, Authenticator authenticator, AllocationSettings lifetimes,
        RelaySettings relay, RelayPorts ports, RelayOpener opener, PeerPolicy peers, TurnEvents events,
        TrafficCounters counters, Clock clock, AtomicLong ids, AllocationQuota quota, long bandwidthPerAllocation,
        Reservations reservations, InetAddress hostAddress, InetAddress hostAddress6, TryAlternate alternates,
        NatDiscovery discovery, TcpRelay tcp) {
}
