package io.turnpike.server.allocation;

import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CreatePermission (RFC 8656 §10.2) and ChannelBind (§12.2), for authenticated requests. */
final class PermissionMethods {
    private static final Logger LOG = LoggerFactory.getLogger(PermissionMethods.class);
    private final TurnContext turn;

    PermissionMethods(TurnContext turn) {
        this.turn = turn;
    }

    void createPermission(TurnRequest r, Allocation allocation) {
        List<XorPeerAddress> peers = r.message.getAll(XorPeerAddress.class);
        if (peers.isEmpty()) {
            r.fail(400);
            return;
        }
        // Check every peer before installing any: the request succeeds or fails as a whole.
        int newIpv6 = 0;
        for (XorPeerAddress peer : peers) {
            int error = checkPeer(allocation, peer.address());
            if (error != 0) {
                r.fail(error);
                return;
            }
            if (isIpv6(peer.address()) && !allocation.permissions().holds(peer.address().getAddress())) {
                newIpv6++;
            }
        }
        r.loop.prune(allocation, r.nowMillis);
        if (!allocation.permissions().hasRoomForIpv6(newIpv6)) {
            r.fail(508); // §10.2: capacity limit
            return;
        }
        long deadline = r.nowMillis + turn.lifetimes().permissionLifetimeMillis();
        for (XorPeerAddress peer : peers) {
            install(allocation, peer.address(), deadline, r.nowMillis);
        }
        r.reply(Replies.success(r.message));
    }

    void channelBind(TurnRequest r, Allocation allocation) {
        ChannelNumber channel = r.message.get(ChannelNumber.class);
        XorPeerAddress peer = r.message.get(XorPeerAddress.class);
        if (channel == null || peer == null || !ChannelBindings.validNumber(channel.number(), turn.lifetimes().maxChannelNumber())) {
            LOG.debug("ChannelBind refused (400): channel {} peer {}", channel, peer);
            r.fail(400);
            return;
        }
        int error = checkPeer(allocation, peer.address());
        if (error != 0) {
            r.fail(error);
            return;
        }
        r.loop.prune(allocation, r.nowMillis);
        if (isIpv6(peer.address()) && !allocation.permissions().holds(peer.address().getAddress())
                && !allocation.permissions().hasRoomForIpv6(1)) {
            r.fail(508);
            return;
        }
        long deadline = r.nowMillis + turn.lifetimes().channelLifetimeMillis();
        switch (allocation.channels().bind(channel.number(), peer.address(), deadline, r.nowMillis)) {
            case NUMBER_TAKEN, PEER_TAKEN -> {
                LOG.debug("ChannelBind refused (400, §12.2 rebinding): channel {} peer {}", channel, peer);
                r.fail(400); // §12.2: bound to a different peer, or the peer to a different channel
                return;
            }
            case CREATED -> turn.events().channelBound();
            case REFRESHED -> {
            }
            default -> throw new IllegalStateException();
        }
        // §12.2: ChannelBind also installs or refreshes the permission for the peer's IP.
        install(allocation, peer.address(), r.nowMillis + turn.lifetimes().permissionLifetimeMillis(), r.nowMillis);
        r.reply(Replies.success(r.message));
    }

    /**
     * 403 when policy refuses the peer, else 443 for a peer of a family the allocation has no relayed
     * address of (§10.2, §12.2: an IPv6 peer needs an IPv6 relay), else 0. The policy goes first
     * although §10.2 lists 443 before 403 (it ranks neither): a refused address is refused as such in
     * every encoding (::ffff:169.254.169.254 as well as 169.254.169.254), so the filter, not the
     * relay's family, is what keeps it out.
     */
    private int checkPeer(Allocation allocation, InetSocketAddress peer) {
        if (!turn.peers().allows(peer)) {
            return 403;
        }
        return allocation.hasRelay(isIpv6(peer)) ? 0 : 443;
    }

    private static boolean isIpv6(InetSocketAddress peer) {
        return peer.getAddress() instanceof Inet6Address;
    }

    private void install(Allocation allocation, InetSocketAddress peer, long deadline, long now) {
        if (allocation.permissions().install(peer.getAddress(), deadline, now)) {
            turn.events().permissionCreated();
        }
    }
}
