package io.turnpike.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy for one TLS connection that counts the TLS records the server sends, by
 * reading the 5-byte record headers (type, version, length; RFC 8446 §5.1) of the encrypted stream
 * before forwarding it. Records are counted before their bytes reach the client, so once the client
 * has read a message the count includes its record.
 */
public final class TlsRecordTap implements AutoCloseable {
    private static final int APPLICATION_DATA = 23;

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final AtomicInteger applicationRecords = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final byte[] header = new byte[5];
    private int headerFill;
    private int bodyLeft;

    /** A tap in front of the TLS listener at {@code server}; accepts one connection. */
    public TlsRecordTap(InetSocketAddress server) throws IOException {
        this.server = server;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptOne, "tls-record-tap");
        t.setDaemon(true);
        t.start();
    }

    /** Where the client connects. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** Application-data records (type 23) the server has sent so far. */
    public int applicationRecords() {
        return applicationRecords.get();
    }

    private void acceptOne() {
        try {
            Socket client = listener.accept();
            sockets.add(client);
            Socket upstream = new Socket();
            sockets.add(upstream);
            upstream.connect(server, 3000);
            Thread up = new Thread(() -> pump(client, upstream, false), "tls-record-tap-up");
            up.setDaemon(true);
            up.start();
            pump(upstream, client, true);
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, boolean count) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (count) {
                    parse(buf, n);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(to);
        }
    }

    /** Follows record boundaries across reads: 5 header bytes, then a body of the header's length. */
    private void parse(byte[] b, int n) {
        int i = 0;
        while (i < n) {
            if (bodyLeft > 0) {
                int k = Math.min(bodyLeft, n - i);
                bodyLeft -= k;
                i += k;
                continue;
            }
            header[headerFill++] = b[i++];
            if (headerFill == header.length) {
                headerFill = 0;
                bodyLeft = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                if (header[0] == APPLICATION_DATA) {
                    applicationRecords.incrementAndGet();
                }
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
