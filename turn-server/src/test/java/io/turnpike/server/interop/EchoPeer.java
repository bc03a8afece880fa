package io.turnpike.server.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * coturn's UDP echo peer ({@code turnutils_peer -L HOST -p PORT}) that {@code turnutils_uclient}
 * sends its relayed messages to. Started once per test class; ready when it echoes a datagram.
 */
public final class EchoPeer implements AutoCloseable {
    private final Process process;
    private final String host;
    private final int port;

    private EchoPeer(Process process, String host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /** Starts the peer on a free UDP port of {@code host}; waits (bounded) until it echoes. */
    public static EchoPeer start(String host, Path workDir) throws IOException, InterruptedException {
        int port = FreePorts.udpAndTcp();
        Process process = new ProcessBuilder("turnutils_peer", "-L", host, "-p", Integer.toString(port))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("peer.log").toFile())
                .start();
        EchoPeer peer = new EchoPeer(process, host, port);
        for (int attempt = 0; attempt < 50; attempt++) {
            if (peer.echoes()) {
                return peer;
            }
            if (!process.isAlive()) {
                break;
            }
        }
        peer.close();
        throw new IOException("turnutils_peer on " + host + ":" + port + " does not echo (see "
                + workDir.resolve("peer.log") + ")");
    }

    /** The peer's address. */
    public String host() {
        return host;
    }

    /** The peer's UDP port. */
    public int port() {
        return port;
    }

    /** The {@code -e HOST -r PORT} arguments of turnutils_uclient. */
    public List<String> uclientArguments() {
        return List.of("-e", host, "-r", Integer.toString(port));
    }

    private boolean echoes() throws IOException {
        byte[] probe = "echo?".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, 0))) {
            socket.setSoTimeout(100);
            socket.send(new DatagramPacket(probe, probe.length, new InetSocketAddress(host, port)));
            DatagramPacket reply = new DatagramPacket(new byte[64], 64);
            socket.receive(reply);
            return reply.getLength() == probe.length;
        } catch (SocketTimeoutException | PortUnreachableException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
