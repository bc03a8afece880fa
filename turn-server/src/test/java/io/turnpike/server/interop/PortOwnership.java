package io.turnpike.server.interop;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a process holds a socket bound to a port, read from Linux's {@code /proc}: the socket
 * inodes among the process's file descriptors, matched against {@code /proc/net/{udp,tcp}[6]}.
 * A readiness probe alone cannot tell our server from another test's server that happens to sit
 * on the same port (ports are picked free, but another test may take one before our server binds
 * it); this can.
 */
final class PortOwnership {
    private static final String TCP_LISTEN = "0A";

    private PortOwnership() {
    }

    /** True if process {@code pid} has a UDP socket bound to {@code port}. */
    static boolean holdsUdp(long pid, int port) throws IOException {
        return holds(pid, "udp", port);
    }

    /** True if process {@code pid} has a TCP socket listening on {@code port}. */
    static boolean listensTcp(long pid, int port) throws IOException {
        return holds(pid, "tcp", port);
    }

    private static boolean holds(long pid, String protocol, int port) throws IOException {
        Set<String> inodes = socketInodes(pid);
        if (inodes.isEmpty()) {
            return false;
        }
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : new String[] {protocol, protocol + "6"}) {
            Path file = Path.of("/proc/net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 1; i < lines.size(); i++) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] fields = lines.get(i).trim().split("\\s+");
                if (fields.length > 9 && fields[1].endsWith(hexPort) && inodes.contains(fields[9])
                        && (protocol.equals("udp") || fields[3].equals(TCP_LISTEN))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        if (!Files.isDirectory(fds)) {
            return inodes;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring(8, target.length() - 1));
                }
            }
        } catch (IOException e) {
            return inodes; // the process exited while we looked
        }
        return inodes;
    }
}
