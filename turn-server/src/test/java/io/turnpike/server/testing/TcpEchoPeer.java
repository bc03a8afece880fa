package io.turnpike.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP peer on loopback for RFC 6062 tests: accepts connections on an ephemeral port and echoes
 * every byte back on each, one daemon thread per connection; remembers where connections came from.
 */
public final class TcpEchoPeer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> sources = new CopyOnWriteArrayList<>();

    /** Starts listening and accepting. */
    public TcpEchoPeer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-echo-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                sources.add((InetSocketAddress) s.getRemoteSocketAddress());
                Thread echo = new Thread(() -> echo(s), "tcp-echo-peer-conn");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void echo(Socket s) {
        byte[] buf = new byte[16384];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the relay closed or reset the connection: done
        }
    }

    /** The peer's listening address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Where the first {@code n} connections came from, waiting up to {@code timeoutMillis} for the
     * acceptor thread to take them: a TURN Connect succeeds once the kernel has completed the
     * handshake, which can be before this peer's {@code accept} returns.
     */
    public List<InetSocketAddress> awaitSources(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (sources.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return sources();
    }

    /** Where the connections accepted so far came from. */
    public List<InetSocketAddress> sources() {
        return List.copyOf(sources);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
