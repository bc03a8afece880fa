package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * Opens relay sockets. Implemented by the relay area, which owns the peer-side channel handler;
 * the allocation area only asks for a socket bound to a port on the allocation's event loop.
 */
public interface RelayOpener {
    /**
     * Binds a UDP relay socket to {@code port} on the bind address of the family ({@code ipv6} or
     * IPv4), registered on the allocation's event loop, delivering peer datagrams of that family to
     * {@code allocation}. The future completes on that loop.
     */
    ChannelFuture open(Allocation allocation, boolean ipv6, int port);

    /** Whether relay sockets can be made to send with DF set (RFC 8656 §7.2 step 4); else 420. */
    boolean supportsDontFragment();

    /**
     * Makes {@code relay} (a socket of the family {@code ipv6}) send every datagram with DF set and
     * never fragment (RFC 8656 §14, §15 for DONT-FRAGMENT); returns whether the option took.
     */
    boolean dontFragment(Channel relay, boolean ipv6);
}
