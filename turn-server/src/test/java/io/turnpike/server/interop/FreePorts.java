package io.turnpike.server.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback ports for a test server. Ports come from 20000–32000, below Linux's
 * ephemeral range (32768+): other tests on this machine bind port 0 and get ephemeral ports, so
 * a port checked free here is unlikely to be taken by them before the server binds it. Each pick
 * is checked by binding; attempts are bounded.
 */
final class FreePorts {
    private static final int LOW = 20000;
    private static final int HIGH = 32000;
    private static final int ATTEMPTS = 200;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private FreePorts() {
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    static int udpAndTcp() throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random(1);
            if (udpFree(port) && tcpFree(port)) {
                return port;
            }
        }
        throw new IOException("no free UDP+TCP port in " + LOW + "-" + HIGH);
    }

    /**
     * A port free for TCP on 127.0.0.1 other than {@code taken} (ports picked before for the same
     * server: they are free too until the server binds them, so they could be picked again).
     */
    static int tcp(int... taken) throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random(1);
            if (!overlaps(port, 1, taken) && tcpFree(port)) {
                return port;
            }
        }
        throw new IOException("no free TCP port in " + LOW + "-" + HIGH);
    }

    /**
     * The first port of {@code count} consecutive ports free for UDP on 127.0.0.1, none of them
     * in {@code taken} (see {@link #tcp}).
     */
    static int udpRange(int count, int... taken) throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            int first = random(count);
            boolean free = !overlaps(first, count, taken);
            for (int port = first; port < first + count && free; port++) {
                free = udpFree(port);
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free UDP ports in " + LOW + "-" + HIGH);
    }

    private static boolean overlaps(int first, int count, int[] taken) {
        for (int port : taken) {
            if (port >= first && port < first + count) {
                return true;
            }
        }
        return false;
    }

    private static int random(int count) {
        return ThreadLocalRandom.current().nextInt(LOW, HIGH - count);
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
