package io.turnpike.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.turnpike.server.allocation.Allocation;
import io.turnpike.server.allocation.ClientLink;
import io.turnpike.server.events.Transport;
import java.net.InetSocketAddress;

/** A UDP client 5-tuple: the listener socket and the client's address. */
final class UdpClientLink implements ClientLink {
    private final Channel listener;
    private final InetSocketAddress client;
    private final UdpClients table;
    private Allocation allocation;

    UdpClientLink(Channel listener, InetSocketAddress client, UdpClients table) {
        this.listener = listener;
        this.client = client;
        this.table = table;
    }

    @Override
    public Transport transport() {
        return Transport.UDP;
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public InetSocketAddress client() {
        return client;
    }

    @Override
    public InetSocketAddress local() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public EventLoop eventLoop() {
        return listener.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return listener.alloc();
    }

    @Override
    public void write(ByteBuf message) {
        listener.write(new DatagramPacket(message, client), listener.voidPromise());
    }

    @Override
    public void flush() {
        listener.flush();
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    @Override
    public void attach(Allocation a) {
        allocation = a;
        table.put(this);
    }

    @Override
    public void detach(Allocation a) {
        if (allocation == a) {
            allocation = null;
            table.remove(this);
        }
    }
}
