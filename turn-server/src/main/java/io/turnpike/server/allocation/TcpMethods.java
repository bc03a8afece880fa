package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AdditionalAddressFamily;
import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.attribute.DontFragment;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.RequestedAddressFamily;
import io.turnpike.protocol.attribute.ReservationToken;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.server.relay.tcp.PeerConnection;
import io.turnpike.server.relay.tcp.Splice;
import io.turnpike.server.relay.tcp.TcpAllocation;
import io.turnpike.server.relay.tcp.TcpRelay;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * The RFC 6062 parts of the TURN methods, for authenticated requests: the TCP Allocate checks
 * (§5.1), Connect (§5.2) and ConnectionBind (§5.4). The sockets themselves are the relay's
 * ({@link TcpRelay}).
 */
final class TcpMethods {
    /** IANA protocol number of TCP in REQUESTED-TRANSPORT (RFC 6062 §4.1). */
    static final int TCP = 6;

    private final TurnContext turn;

    TcpMethods(TurnContext turn) {
        this.turn = turn;
    }

    /** §5.1 steps 1 to 3 for REQUESTED-TRANSPORT TCP: 0 when they pass, else the error code. */
    int checkAllocate(TurnRequest r) {
        if (turn.tcp() == null || !turn.tcp().enabled()) {
            return 442;
        }
        if (!r.link.isStream()) {
            return 400; // step 2: TCP allocations only over a TCP or TLS control connection
        }
        StunMessage m = r.message;
        if (m.has(DontFragment.class) || m.has(EvenPort.class) || m.has(ReservationToken.class)) {
            return 400; // step 3
        }
        RequestedAddressFamily family = m.get(RequestedAddressFamily.class);
        if (family != null && family.family() != AllocateMethod.IPV4 || m.has(AdditionalAddressFamily.class)
                || !turn.relay().supports(false)) {
            return 440; // TCP relays are IPv4 only (RFC 8656 §7.2 step 7)
        }
        return 0;
    }

    /** Connect (§5.2), on the control connection's loop. */
    void connect(TurnRequest r, Allocation allocation) {
        TcpAllocation tcp = TcpRelay.of(allocation);
        XorPeerAddress peerAttribute = r.message.get(XorPeerAddress.class);
        if (tcp == null || peerAttribute == null) {
            r.fail(400); // a UDP allocation, or no XOR-PEER-ADDRESS
            return;
        }
        InetSocketAddress peer = peerAttribute.address();
        if (peer.getPort() == 0 || peer.getAddress().isAnyLocalAddress()) {
            r.fail(400); // not a reachable transport address
            return;
        }
        if (tcp.hasConnectionTo(peer)) {
            r.fail(446);
            return;
        }
        // Local policy (403), decided before any packet leaves: the peer filter (no connecting into
        // private ranges), and a permission for the peer's IP as for UDP relaying (RFC 8656 §9).
        if (!turn.peers().allows(peer) || !allocation.permissions().allows(peer.getAddress(), r.nowMillis)) {
            r.fail(403);
            return;
        }
        if (!(peer.getAddress() instanceof Inet4Address)) {
            r.fail(443);
            return;
        }
        if (tcp.isFull()) {
            r.fail(508);
            return;
        }
        tcp.connect(peer, id -> connected(r, allocation, id));
    }

    private void connected(TurnRequest r, Allocation allocation, long id) {
        if (allocation.isClosed()) {
            return; // the allocation (and its control connection) went away meanwhile
        }
        if (id < 0) {
            r.fail(447);
            return;
        }
        r.reply(Replies.success(r.message).add(new ConnectionId(id)));
    }

    /**
     * ConnectionBind (§5.4), on the loop of the new connection, which must carry no allocation. After
     * the success response the connection is a client data connection: STUN framing is removed and
     * the bytes flow as they are to and from the peer.
     */
    void connectionBind(TurnRequest r) {
        ConnectionId id = r.message.get(ConnectionId.class);
        if (!r.link.isStream() || r.link.allocation() != null || id == null || turn.tcp() == null) {
            r.fail(400);
            return;
        }
        PeerConnection connection = turn.tcp().claim(id.id(), r.username);
        if (connection == null) {
            r.fail(400); // not a pending connection (unknown, bound, timed out, or another user's)
            return;
        }
        r.reply(Replies.success(r.message));
        Splice clientSide = connection.newClientSide();
        Channel data = r.link.unframe(clientSide);
        connection.moveToOwner(data, clientSide);
    }
}
