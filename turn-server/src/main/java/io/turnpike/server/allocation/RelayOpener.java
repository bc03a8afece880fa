package io.turnpike.server.allocation;

import io.netty.channel.ChannelFuture;

/**
 * Opens relay sockets. Implemented by the relay area, which owns the peer-side channel handler;
 * the allocation area only asks for a socket bound to a port on the allocation's event loop.
 */
public interface RelayOpener {
    /**
     * Binds a UDP relay socket to {@code port} on the bind address, registered on the allocation's
     * event loop, delivering peer datagrams to {@code allocation}. The future completes on that loop.
     */
    ChannelFuture open(Allocation allocation, int port);
}
