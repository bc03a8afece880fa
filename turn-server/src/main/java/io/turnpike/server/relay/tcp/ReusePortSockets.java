package io.turnpike.server.relay.tcp;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native epoll client sockets with SO_REUSEPORT set before they bind. RFC 6062 §5.2 makes the
 * relayed transport address the local end of a Connect, and Linux lets a connecting socket share
 * the port of the allocation's listening socket only when both have SO_REUSEPORT (same user).
 * Netty applies that option to epoll server and datagram sockets but not to client sockets, so the
 * option is set on the channel's file descriptor, reached through the protected field that holds
 * it. When that is not possible (a different Netty), {@link #create()} returns null and Connect
 * uses an ephemeral port on the relay address instead (logged once).
 */
final class ReusePortSockets implements ChannelFactory<EpollSocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(ReusePortSockets.class);
    private final Field socket;

    private ReusePortSockets(Field socket) {
        this.socket = socket;
    }

    /** The factory, or null when the socket field cannot be reached. */
    static ReusePortSockets create() {
        try {
            Field f = socketField();
            f.setAccessible(true);
            ReusePortSockets factory = new ReusePortSockets(f);
            factory.newChannel().unsafe().closeForcibly(); // fail now rather than on the first Connect
            return factory;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("TCP relay: cannot set SO_REUSEPORT on epoll client sockets ({}); Connect will use an"
                    + " ephemeral source port on the relay address", e.toString());
            return null;
        }
    }

    /** The file-descriptor field, declared by a (package-private) superclass of the channel. */
    private static Field socketField() throws NoSuchFieldException {
        for (Class<?> c = EpollSocketChannel.class; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("socket") && Socket.class.isAssignableFrom(f.getType())) {
                    return f;
                }
            }
        }
        throw new NoSuchFieldException("socket");
    }

    @Override
    public EpollSocketChannel newChannel() {
        EpollSocketChannel channel = new EpollSocketChannel();
        try {
            Socket fd = (Socket) socket.get(channel);
            fd.setReuseAddress(true);
            fd.setReusePort(true);
        } catch (IllegalAccessException | IOException e) {
            channel.unsafe().closeForcibly();
            throw new ChannelException("cannot set SO_REUSEPORT", e);
        }
        return channel;
    }
}
