package io.turnpike.server.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.ClientLink;
import java.net.InetSocketAddress;

/**
 * What every datagram client 5-tuple shares (plain UDP and DTLS): one listener socket serves many
 * clients, so the link is the socket plus the client's address, and it keeps its allocation itself.
 * Subclasses say how a message reaches the client and whether attaching registers the link anywhere.
 */
abstract class DatagramClientLink implements ClientLink {
    /** The listener socket the client reached; its loop owns the 5-tuple. */
    protected final Channel listener;
    /** The client's address as the listener sees it. */
    protected final InetSocketAddress client;
    private Allocation allocation;

    DatagramClientLink(Channel listener, InetSocketAddress client) {
        this.listener = listener;
        this.client = client;
    }

    @Override
    public final boolean isStream() {
        return false;
    }

    @Override
    public final InetSocketAddress client() {
        return client;
    }

    @Override
    public final InetSocketAddress local() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public final EventLoop eventLoop() {
        return listener.eventLoop();
    }

    @Override
    public final ByteBufAllocator alloc() {
        return listener.alloc();
    }

    @Override
    public final Allocation allocation() {
        return allocation;
    }

    @Override
    public void attach(Allocation a) {
        allocation = a;
    }

    /** Forgets {@code a} if it is the current allocation; returns whether it was. */
    boolean forget(Allocation a) {
        if (allocation != a) {
            return false;
        }
        allocation = null;
        return true;
    }

    @Override
    public void detach(Allocation a) {
        forget(a);
    }
}
