package io.turnpike.server.allocation;

import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.XorPeerAddress;
import java.net.Inet4Address;
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
        for (XorPeerAddress peer : peers) {
            int error = checkPeer(peer.address());
            if (error != 0) {
                r.fail(error);
                return;
            }
        }
        r.loop.prune(allocation, r.nowMillis);
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
        int error = checkPeer(peer.address());
        if (error != 0) {
            r.fail(error);
            return;
        }
        r.loop.prune(allocation, r.nowMillis);
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

    /** 443 for a peer of another family than the (IPv4) relay, 403 when policy refuses it, else 0. */
    private int checkPeer(InetSocketAddress peer) {
        if (!(peer.getAddress() instanceof Inet4Address)) {
            return 443;
        }
        return turn.peers().allows(peer) ? 0 : 403;
    }

    private void install(Allocation allocation, InetSocketAddress peer, long deadline, long now) {
        if (allocation.permissions().install(peer.getAddress(), deadline, now)) {
            turn.events().permissionCreated();
        }
    }
}
