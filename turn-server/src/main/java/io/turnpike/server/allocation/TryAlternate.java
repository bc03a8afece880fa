package io.turnpike.server.allocation;

import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AlternateDomain;
import io.turnpike.protocol.attribute.AlternateServer;
import io.turnpike.server.events.Transport;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Redirection of Allocate requests to another node with 300 Try Alternate (RFC 8656 §7.2 step 11,
 * RFC 8489 §10), when this node is at capacity (where it would answer 508) or draining for
 * maintenance. Thread-safe: the drain switch is one volatile flag, flipped from any thread.
 *
 * <p>Rules enforced, from RFC 8489:
 * <ul>
 *   <li>§14.8: 300 only answers a request with USERNAME and a valid MESSAGE-INTEGRITY(-SHA256), and is
 *       itself signed. The dispatcher reaches Allocate only after that check, so an unauthenticated
 *       Allocate is challenged (401) first and never redirected; the answer is signed with its key.</li>
 *   <li>§10: the first ALTERNATE-SERVER has the address family of the request's source; one of the
 *       other family follows when configured. Without one of the source's family there is no
 *       redirect (508 at capacity).</li>
 *   <li>§10: ALTERNATE-DOMAIN for TLS clients, when configured, so they check the alternate's
 *       certificate against that name.</li>
 *   <li>Loops: §10 makes the client ignore a redirect to a server it tried within five minutes. On
 *       our side an alternate that is this node (the address and port the client reached; for a
 *       wildcard listener any address of the host or relay.public-address on that port) is never
 *       sent, so the same list can be configured on every node without bouncing clients to themselves.</li>
 * </ul>
 */
public final class TryAlternate {
    private final AlternateServers alternates;
    /** This host's addresses (interfaces and the advertised public address), read once at start. */
    private final Set<InetAddress> own;
    private volatile boolean draining;

    /**
     * Redirection to {@code alternates}, draining from the start when they say so.
     *
     * @param publicAddress relay.public-address (this node seen from outside), or null
     */
    public TryAlternate(AlternateServers alternates, InetAddress publicAddress) {
        this.alternates = alternates;
        this.draining = alternates.drain();
        Set<InetAddress> addresses = new HashSet<>();
        if (publicAddress != null) {
            addresses.add(publicAddress);
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            // only the exact-address check below then
        }
        this.own = Set.copyOf(addresses);
    }

    /** Whether every Allocate is refused (redirected where an alternate is known) instead of served. */
    public boolean draining() {
        return draining;
    }

    /** Starts or ends drain mode (e.g. from an admin endpoint before maintenance). */
    public void drain(boolean on) {
        draining = on;
    }

    /**
     * The 300 answer to {@code r} naming the alternates for its transport (the caller signs and sends
     * it), or null when there is none usable for it.
     */
    StunMessage.Builder response(TurnRequest r) {
        List<InetSocketAddress> candidates = alternates.forTransport(r.link.transport());
        if (candidates.isEmpty()) {
            return null;
        }
        boolean v4 = r.link.client().getAddress() instanceof Inet4Address;
        InetSocketAddress same = pick(candidates, v4, r.link.local());
        if (same == null) {
            return null;
        }
        StunMessage.Builder response = Replies.error(r.message, 300).add(new AlternateServer(same));
        InetSocketAddress other = pick(candidates, !v4, r.link.local());
        if (other != null) {
            response.add(new AlternateServer(other));
        }
        if (r.link.transport() == Transport.TLS && !alternates.domain().isEmpty()) {
            response.add(new AlternateDomain(alternates.domain()));
        }
        return response;
    }

    private InetSocketAddress pick(List<InetSocketAddress> candidates, boolean ipv4, InetSocketAddress local) {
        for (InetSocketAddress a : candidates) {
            if (a.getAddress() instanceof Inet4Address == ipv4 && !isSelf(a, local)) {
                return a;
            }
        }
        return null;
    }

    /** Whether {@code candidate} is the listener the client reached ({@code local}). */
    private boolean isSelf(InetSocketAddress candidate, InetSocketAddress local) {
        if (candidate.getPort() != local.getPort()) {
            return false;
        }
        InetAddress address = candidate.getAddress();
        return address.equals(local.getAddress()) || local.getAddress().isAnyLocalAddress() && own.contains(address);
    }
}
