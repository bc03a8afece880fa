package io.turnpike.server.relay.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ConnectionId;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.Replies;
import io.turnpike.server.events.DropReason;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The TCP side of one TCP allocation (RFC 6062): its peer data connections by peer address, the
 * handling of peer connections arriving on the relayed address (§5.3), and outgoing Connects
 * (§5.2). Used only on the allocation's event loop.
 */
public final class TcpAllocation {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Completion of a Connect: the new CONNECTION-ID, or -1 when the connection failed or timed out. */
    @FunctionalInterface
    public interface ConnectCallback {
        /** Called once, on the allocation's loop. */
        void done(long connectionId);
    }

    private final TcpRelay relay;
    private final Allocation allocation;
    private final Map<InetSocketAddress, PeerConnection> byPeer = new HashMap<>();
    private boolean closed;

    TcpAllocation(TcpRelay relay, Allocation allocation) {
        this.relay = relay;
        this.allocation = allocation;
    }

    /** The allocation. */
    public Allocation allocation() {
        return allocation;
    }

    /** Peer data connections it holds (connecting, waiting for a bind, or bound). */
    public int size() {
        return byPeer.size();
    }

    /**
     * Whether a connection to {@code peer} is being made or exists (RFC 6062 §5.2: a second Connect
     * to it gets 446 Connection Already Exists).
     */
    public boolean hasConnectionTo(InetSocketAddress peer) {
        return byPeer.containsKey(peer);
    }

    /** Whether another connection would exceed relay.tcp.max-connections-per-allocation. */
    public boolean isFull() {
        return byPeer.size() >= relay.settings().maxConnectionsPerAllocation();
    }

    /**
     * Connects to {@code peer} from the relayed transport address (RFC 6062 §5.2); the caller has
     * checked the request (400, 403, 446). {@code callback} gets the CONNECTION-ID, or -1 for 447.
     */
    public void connect(InetSocketAddress peer, ConnectCallback callback) {
        PeerConnection connection = new PeerConnection(relay, this, peer);
        byPeer.put(peer, connection);
        ChannelFuture future = relay.connect(connection);
        future.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.close();
                callback.done(-1);
            } else if (closed) {
                f.channel().close(); // the allocation ended while connecting
            } else {
                connection.waiting(f.channel());
                callback.done(connection.id());
            }
        });
    }

    /** The handler installing each accepted peer connection. */
    ChannelInitializer<Channel> acceptor() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                accepted(ch);
            }
        };
    }

    /**
     * RFC 6062 §5.3: a peer connected to the relayed address. With a permission for its IP the client
     * gets a ConnectionAttempt indication and 30 s to bind; without one it is closed at once.
     */
    private void accepted(Channel ch) {
        InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
        if (closed || !allocation.isActive() || peer == null
                || !allocation.permissions().allows(peer.getAddress(), relay.clock().millis())) {
            relay.counters().dropped(DropReason.NO_PERMISSION);
            ch.close();
            return;
        }
        if (isFull() || byPeer.containsKey(peer)) {
            relay.counters().dropped(DropReason.QUOTA);
            ch.close();
            return;
        }
        PeerConnection connection = new PeerConnection(relay, this, peer);
        byPeer.put(peer, connection);
        ch.pipeline().addLast(connection.peerSide());
        connection.waiting(ch);
        StunMessage attempt = StunMessage.builder(StunMethod.CONNECTION_ATTEMPT, StunClass.INDICATION,
                        TransactionId.random(RANDOM))
                .add(new ConnectionId(connection.id()))
                .add(new XorPeerAddress(peer))
                .build();
        Replies.send(allocation.link(), attempt, null, true);
    }

    void remove(PeerConnection connection) {
        byPeer.remove(connection.peer(), connection);
    }

    /** The allocation ended (its listening socket closed): closes every connection (§5.5). */
    void closeAll() {
        closed = true;
        for (PeerConnection c : new ArrayList<>(byPeer.values())) {
            c.close();
        }
    }
}
