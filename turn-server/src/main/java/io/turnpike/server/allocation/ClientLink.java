package io.turnpike.server.allocation;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.turnpike.server.events.Transport;
import java.net.InetSocketAddress;

/**
 * The client side of one 5-tuple: how the server reaches the client and where that 5-tuple's
 * allocation is kept. For UDP that is the listener socket plus the client's address and a table
 * keyed by address; for TCP and TLS it is the connection, which holds its allocation itself.
 * Used only on {@link #eventLoop()}.
 */
public interface ClientLink {
    /** The client-to-server transport. */
    Transport transport();

    /** Whether this is a stream (TCP/TLS), where ChannelData is padded to 4 bytes (RFC 8656 §12.5). */
    boolean isStream();

    /** The client's transport address as the server sees it. */
    InetSocketAddress client();

    /** The server's transport address the client reached. */
    InetSocketAddress local();

    /** The event loop that owns this 5-tuple and its allocation. */
    EventLoop eventLoop();

    /** The allocator for buffers written to this link. */
    ByteBufAllocator alloc();

    /** Queues {@code message} (a STUN message or a ChannelData frame) to the client; takes ownership. */
    void write(ByteBuf message);

    /** Flushes queued writes. */
    void flush();

    /** The allocation on this 5-tuple, or null. */
    Allocation allocation();

    /** Records {@code allocation} as this 5-tuple's allocation. */
    void attach(Allocation allocation);

    /** Forgets {@code allocation} if it is this 5-tuple's current one. */
    void detach(Allocation allocation);

    /**
     * Streams only (RFC 6062 §5.4): ends STUN framing on this connection, which becomes a client data
     * connection. The frame decoder and the TURN handler leave the pipeline and {@code raw} takes
     * their place (receiving any bytes already read past the last frame); returns the connection.
     */
    default io.netty.channel.Channel unframe(io.netty.channel.ChannelHandler raw) {
        throw new UnsupportedOperationException("not a stream");
    }
}
