package io.turnpike.server.interop;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A TURN server running as a child process, its stdout and stderr going to one log file that
 * tests attach to their failure reports. Knows when the server is ready (a STUN Binding request on
 * UDP is answered and the TCP and TLS ports accept) and stops it the way an operator's service
 * manager does: SIGTERM, then it must exit within {@link #GRACEFUL_EXIT}.
 */
public final class ServerProcess {
    /** How long the server may take to exit after SIGTERM (issue 3: "exit within a few seconds"). */
    public static final Duration GRACEFUL_EXIT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path workDir;
    private final Path log;
    private final TurnServerSpec spec;

    private ServerProcess(String name, Process process, Path workDir, Path log, TurnServerSpec spec) {
        this.name = name;
        this.process = process;
        this.workDir = workDir;
        this.log = log;
        this.spec = spec;
    }

    /** Starts {@code command} in {@code workDir} with its output redirected to {@code log}. */
    public static ServerProcess start(String name, List<String> command, Path workDir, Path log,
                                      TurnServerSpec spec) throws IOException {
        Files.writeString(log, "$ " + String.join(" ", command) + "\n");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new ServerProcess(name, process, workDir, log, spec);
    }

    /** The spec this server was started with. */
    public TurnServerSpec spec() {
        return spec;
    }

    /** The directory holding this server's configuration, data and log, and the clients' output. */
    public Path workDir() {
        return workDir;
    }

    /** Everything the server printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of the server's output, for assertion messages. */
    public String outputTail(int lines) {
        return Text.tail(output(), lines);
    }

    /**
     * Waits until this process holds the UDP, TCP and TLS ports (so a probe cannot be answered by
     * another test's server on the same port), a Binding request over UDP gets a Binding success
     * response, and the TCP and TLS ports accept connections. Fails at once, with the server's
     * output, if the process exits.
     */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pid = process.pid();
        while (!(PortOwnership.holdsUdp(pid, spec.udpPort()) && PortOwnership.listensTcp(pid, spec.tcpPort())
                && PortOwnership.listensTcp(pid, spec.tlsPort()))) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " (pid " + pid + ") does not hold its ports " + spec.udpPort() + "/udp, "
                        + spec.tcpPort() + "/tcp and " + spec.tlsPort() + "/tcp within " + timeout + "\n"
                        + outputTail(60));
            }
            Thread.sleep(100);
        }
        while (!bindingAnswered()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not answer a Binding request on UDP " + spec.host() + ":"
                        + spec.udpPort() + " within " + timeout + "\n" + outputTail(60));
            }
        }
        for (int port : new int[] {spec.tcpPort(), spec.tlsPort()}) {
            if (!accepts(port)) {
                throw new IOException(name + " holds TCP port " + port + " but does not accept connections\n"
                        + outputTail(60));
            }
        }
        checkAlive();
    }

    /**
     * Sends SIGTERM and waits {@link #GRACEFUL_EXIT}; if the process is still alive it is killed and
     * this throws. Also throws if the server's log reports a leaked Netty buffer.
     */
    public void stop() throws InterruptedException {
        if (!process.isAlive()) {
            throw new AssertionError(name + " had already exited (code " + process.exitValue() + ") before the "
                    + "test stopped it\n" + outputTail(60));
        }
        process.destroy(); // SIGTERM
        if (!process.waitFor(GRACEFUL_EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not exit within " + GRACEFUL_EXIT + " after SIGTERM\n"
                    + outputTail(60));
        }
        String out = output();
        if (out.contains("LEAK:")) {
            throw new AssertionError(name + " leaked Netty buffers (leak detector at PARANOID)\n" + Text.tail(out, 80));
        }
    }

    /** Kills the process without checks (cleanup after a failed start). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " exited with code " + process.exitValue() + " during start-up\n"
                    + outputTail(60));
        }
    }

    /** One Binding request (RFC 8489 §6) with a random transaction id; true if answered with success. */
    private boolean bindingAnswered() throws IOException {
        byte[] request = new byte[20];
        request[1] = 0x01; // Binding request; length 0
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42; // magic cookie
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        System.arraycopy(txid, 0, request, 8, 12);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(spec.host(), 0))) {
            socket.setSoTimeout(200);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(spec.host(), spec.udpPort())));
            byte[] buffer = new byte[1500];
            DatagramPacket response = new DatagramPacket(buffer, buffer.length);
            socket.receive(response);
            boolean sameTransaction = Arrays.equals(buffer, 8, 20, txid, 0, 12);
            return response.getLength() >= 20 && buffer[0] == 0x01 && buffer[1] == 0x01 && sameTransaction;
        } catch (SocketTimeoutException | PortUnreachableException e) {
            return false;
        }
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.host(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
