package io.turnpike.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.IndicationReader;
import io.turnpike.protocol.StunMethod;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A UDP peer on loopback for relay tests, and parsers for what the client receives from peers. */
public final class Peer implements AutoCloseable {
    private final DatagramSocket socket;
    private InetSocketAddress lastSender;

    /** A peer bound to an ephemeral loopback port. */
    public Peer() throws IOException {
        this("127.0.0.1");
    }

    /** A peer bound to an ephemeral port of {@code host} (e.g. "::1" for an IPv6 peer). */
    public Peer(String host) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(host, 0));
    }

    /** The peer's transport address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends {@code payload} to {@code to} (a relayed transport address). */
    public void send(InetSocketAddress to, byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, to));
    }

    /** The next datagram, or null after {@code timeoutMillis}. */
    public byte[] receive(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        lastSender = (InetSocketAddress) p.getSocketAddress();
        return Arrays.copyOf(buf, p.getLength());
    }

    /** Who sent the last datagram received. */
    public InetSocketAddress lastSender() {
        return lastSender;
    }

    /** The payload of a Data indication, or null when {@code message} is not one; checks the peer. */
    public static byte[] dataIndicationPayload(byte[] message, InetSocketAddress expectedPeer) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        try {
            IndicationReader reader = new IndicationReader();
            if (reader.wrap(buf, StunMethod.DATA) != IndicationReader.Status.OK
                    || !reader.peerAddress().equals(expectedPeer)) {
                return null;
            }
            byte[] out = new byte[reader.dataLength()];
            buf.getBytes(reader.dataIndex(), out);
            return out;
        } finally {
            buf.release();
        }
    }

    /** The channel number of a ChannelData message. */
    public static int channelOf(byte[] message) {
        return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
    }

    /** The payload of a ChannelData message (without padding). */
    public static byte[] channelPayload(byte[] message) {
        int length = ((message[2] & 0xFF) << 8) | (message[3] & 0xFF);
        return Arrays.copyOfRange(message, 4, 4 + length);
    }

    @Override
    public void close() {
        socket.close();
    }
}
