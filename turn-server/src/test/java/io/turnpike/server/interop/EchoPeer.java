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

    /** Starts the peer on a free UDP port of {@code host}; waits (bounded) until it holds the port and echoes. */
    public static EchoPeer start(String host, Path workDir) throws IOException, InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            // A port checked free may be taken by another test before the peer binds it: new port.
            EchoPeer peer = tryStart(host, FreePorts.udpAndTcp(), workDir.resolve("peer-" + attempt + ".log"));
            if (peer != null) {
                return peer;
            }
        }
        throw new IOException("turnutils_peer on " + host + " does not start and echo (see " + workDir
                + "/peer-*.log)");
    }

    private static EchoPeer tryStart(String host, int port, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("turnutils_peer", "-L", host, "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EchoPeer peer = new EchoPeer(process, host, port);
        for (int check = 0; check < 50 && process.isAlive(); check++) {
            // Our process must hold the port: another test's echo peer could sit on it.
            if (PortOwnership.holdsUdp(process.pid(), port) && peer.echoes()) {
                return peer;
            }
            Thread.sleep(50);
        }
        peer.close();
        return null;
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
