package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * coturn's {@code turnutils_uclient -T} relays over RFC 6062 TCP allocations through the server
 * with no loss. In that mode uclient needs no external peer: it runs its sessions in pairs
 * ({@code -T} implies {@code -y}, client-to-client), each session allocates a TCP relay over a TCP
 * or TLS control connection (§4.1), installs a permission for its partner's relayed address, and one
 * of each pair sends Connect to the other's relayed address (§4.3), so the server connects one of
 * its relayed addresses to the other: the partner gets a ConnectionAttempt (§5.3) and both bind new
 * data connections (§5.4) that then carry uclient's messages as raw bytes. Every message sent must
 * come back whole. The peers are the server's own loopback relay addresses, so the spec allows
 * loopback peers.
 *
 * <p>uclient's {@code -P} (passive TCP, an active plain-TCP peer inside uclient) is not used: it
 * reports half of its messages lost against coturn's own server as well (4.6.1: 40 sent, 20
 * received), because the peer side does not count what it receives, while Turnpike's log shows every
 * byte relayed both ways; such a run cannot tell a good server from a bad one.
 */
@ExtendWith(TurnServerExtension.class)
class UclientTcpRelayIT {
    private static final int SESSIONS = 2;
    private static final int MESSAGES = 50;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @CsvSource({"TCP, STATIC_USER, 120", "TLS, SHARED_SECRET, 1000"})
    void tcpAllocationsRelayEveryMessageBetweenTwoClients(String transport, String credential, int length,
            ServerProcess server) throws Exception {
        TurnServerSpec spec = server.spec();
        List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-T"));
        if (transport.equals("TLS")) {
            command.addAll(List.of("-S", "-p", Integer.toString(spec.tlsPort())));
        } else {
            command.addAll(List.of("-p", Integer.toString(spec.tcpPort())));
        }
        if (credential.equals("STATIC_USER")) {
            command.addAll(List.of("-u", spec.user().name(), "-w", spec.user().password()));
        } else {
            command.addAll(List.of("-u", "uclient", "-W", spec.sharedSecret()));
        }
        command.addAll(List.of("-m", Integer.toString(SESSIONS), "-n", Integer.toString(MESSAGES),
                "-l", Integer.toString(length), "-z", "5", spec.host()));

        ToolRun run = ToolRun.run(command, server.workDir(), LIMIT);

        assertFalse(run.timedOut(), run::describe);
        assertEquals(0, run.exitCode(), run::describe);
        UclientReport report = UclientReport.parse(run.output());
        long expected = (long) SESSIONS * MESSAGES;
        assertEquals(expected, report.sentMessages(), () -> "messages sent\n" + run.describe());
        assertEquals(expected, report.receivedMessages(), () -> "messages received\n" + run.describe());
        assertEquals(expected * length, report.receivedBytes(), () -> "bytes received\n" + run.describe());
        assertEquals(0, report.lostPackets(), () -> "lost packets\n" + run.describe());
    }
}
