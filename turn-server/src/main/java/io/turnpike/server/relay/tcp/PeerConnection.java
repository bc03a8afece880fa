package io.turnpike.server.relay.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.events.Direction;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One peer data connection of a TCP allocation and, once bound, its client data connection
 * (RFC 6062 §5.2 to §5.5). Lives on the allocation's event loop: every method but
 * {@link #moveToOwner} runs there.
 *
 * <p>States: connecting (a Connect in progress, no id yet), waiting (an id, listed in
 * {@link TcpRelay}'s table, a bind deadline), bound (both sockets spliced), closed. Either socket
 * closing, a half-close included, closes both (§5.5). The bind deadline is one scheduled task per
 * waiting connection: each holds a socket anyway, and the task is cancelled at bind.
 */
public final class PeerConnection {
    private final TcpRelay relay;
    private final TcpAllocation owner;
    private final InetSocketAddress peer;
    private final Splice peerSide;
    private Splice clientSide;
    private long id = -1;
    private Channel peerChannel;
    private Channel clientChannel;
    private ScheduledFuture<?> bindTimer;
    private boolean closed;

    PeerConnection(TcpRelay relay, TcpAllocation owner, InetSocketAddress peer) {
        this.relay = relay;
        this.owner = owner;
        this.peer = peer;
        this.peerSide = new Splice(this, false);
    }

    /** Its CONNECTION-ID, or -1 while connecting. */
    public long id() {
        return id;
    }

    /** The peer's transport address. */
    public InetSocketAddress peer() {
        return peer;
    }

    TcpAllocation owner() {
        return owner;
    }

    Splice peerSide() {
        return peerSide;
    }

    /** The splice reading the client data connection ({@code fromClient}) or the peer's; null before the bind. */
    Splice splice(boolean fromClient) {
        return fromClient ? clientSide : peerSide;
    }

    Channel peerChannel() {
        return peerChannel;
    }

    Channel clientChannel() {
        return clientChannel;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isBound() {
        return clientChannel != null;
    }

    /** The peer socket is connected (or accepted): list it under a new id and start the bind deadline. */
    void waiting(Channel channel) {
        peerChannel = channel;
        id = relay.register(this);
        bindTimer = channel.eventLoop().schedule(this::bindTimedOut, relay.settings().bindTimeoutMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void bindTimedOut() {
        if (relay.forget(id, this)) {
            close(); // §5.2, §5.3: no ConnectionBind within 30 s
        }
    }

    /**
     * The client side of a new client data connection: a splice that holds any bytes read before the
     * connection is moved, to be added to the data connection's pipeline in place of STUN framing.
     */
    public Splice newClientSide() {
        return new Splice(this, true);
    }

    /**
     * Moves the client data connection {@code data} (already answered and unframed, on the loop that
     * accepted it) onto the allocation's loop and splices it to the peer there. Runs on any loop.
     */
    public void moveToOwner(Channel data, Splice clientSide) {
        EventLoop home = owner.allocation().link().eventLoop();
        data.config().setAutoRead(false);
        if (data.eventLoop() == home) {
            bind(data, clientSide);
            return;
        }
        data.deregister().addListener((ChannelFutureListener) d -> {
            if (!d.isSuccess()) {
                data.close();
                home.execute(this::close);
                return;
            }
            home.register(data).addListener((ChannelFutureListener) r -> {
                if (r.isSuccess()) {
                    bind(data, clientSide);
                } else {
                    data.close();
                    home.execute(this::close);
                }
            });
        });
    }

    /** On the allocation's loop: splices {@code data} to the peer and lets both sides read. */
    private void bind(Channel data, Splice clientSide) {
        if (closed || !peerChannel.isActive() || !owner.allocation().isActive()) {
            data.close();
            close();
            return;
        }
        bindTimer.cancel(false);
        this.clientSide = clientSide;
        clientChannel = data;
        clientSide.start(data);
        clientSide.startReading();
        peerSide.startReading(); // §5.4: what the peer sent meanwhile waits in its socket
    }

    /** Counts {@code bytes} relayed (RFC 6062 data counts as relay traffic of the allocation). */
    void counted(boolean fromClient, int bytes) {
        Allocation allocation = owner.allocation();
        if (fromClient) {
            allocation.bytesToPeer += bytes;
            relay.counters().relayed(Direction.CLIENT_TO_PEER, allocation.link().transport(), bytes);
        } else {
            allocation.bytesToClient += bytes;
            relay.counters().relayed(Direction.PEER_TO_CLIENT, allocation.link().transport(), bytes);
        }
    }

    /** Counts time a socket of this connection did not read to keep the allocation's bandwidth limit. */
    void paced(long nanos) {
        relay.counters().paced(nanos);
    }

    /** {@link #close()} from any loop (a client data connection may die while it is being moved). */
    void closeOnOwner() {
        EventLoop home = owner.allocation().link().eventLoop();
        if (home.inEventLoop()) {
            close();
        } else {
            home.execute(this::close);
        }
    }

    /** Closes both sockets after what was already queued on them is written (§5.5). Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (id >= 0) {
            relay.forget(id, this);
        }
        if (bindTimer != null) {
            bindTimer.cancel(false);
        }
        owner.remove(this);
        closeAfterFlush(peerChannel);
        closeAfterFlush(clientChannel);
    }

    private static void closeAfterFlush(Channel channel) {
        if (channel != null && channel.isOpen()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
