package io.turnpike.server.security.attack;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** A UDP peer on loopback that sends every datagram back to its sender, on its own thread. */
final class EchoPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    /** Binds an ephemeral loopback port and starts echoing. */
    EchoPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(1 << 20);
        thread = new Thread(this::echo, "echo-peer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The peer's transport address. */
    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void echo() {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (!socket.isClosed()) {
                p.setLength(buf.length);
                socket.receive(p);
                socket.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
            }
        } catch (SocketException closed) {
            // close() ends the loop
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
