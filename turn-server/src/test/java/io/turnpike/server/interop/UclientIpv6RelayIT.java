package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * coturn's {@code turnutils_uclient} over IPv6: the server listens on ::1 (as well as 127.0.0.1),
 * uclient reaches it on ::1 and asks for an IPv6 relayed address ({@code -x}: REQUESTED-ADDRESS-FAMILY
 * IPv6, RFC 8656 §7.2), and coturn's echo peer sits on ::1, so every hop is IPv6: client to server,
 * relay to peer. Over UDP with channels and DONT-FRAGMENT ({@code -g}, §7.2 step 4 — the server sets
 * DF on the relay socket), UDP with Send/Data indications, TCP and TLS. A machine without IPv6
 * loopback fails these tests (the server cannot listen on ::1); they never skip.
 *
 * <p>uclient's dual-allocation mode ({@code -Z}) is not used: coturn 4.6 sends the pre-RFC 8656 draft
 * codepoint 0x8032 for ADDITIONAL-ADDRESS-FAMILY, which an RFC 8656 server (0x8000) ignores as an
 * unknown comprehension-optional attribute, answering with an IPv4 allocation only.
 */
@ExtendWith(TurnServerExtension.class)
@TurnServerExtension.Options(ipv6 = true)
class UclientIpv6RelayIT {
    private static final int MESSAGES = 30;
    private static final int LENGTH = 120;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** How the client reaches the server and relays. */
    enum Mode {
        UDP_CHANNELS_DONT_FRAGMENT, UDP_SEND_INDICATIONS, TCP, TLS
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void relaysEveryMessageToTheIpv6EchoPeerAndBack(Mode mode, ServerProcess server, EchoPeer peer) throws Exception {
        TurnServerSpec spec = server.spec();
        assertTrue(spec.ipv6Loopback());
        assertEquals("::1", peer.host());
        List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-x"));
        switch (mode) {
            case UDP_CHANNELS_DONT_FRAGMENT -> command.addAll(List.of("-g", "-p", Integer.toString(spec.udpPort())));
            case UDP_SEND_INDICATIONS -> command.addAll(List.of("-s", "-p", Integer.toString(spec.udpPort())));
            case TCP -> command.addAll(List.of("-t", "-p", Integer.toString(spec.tcpPort())));
            case TLS -> command.addAll(List.of("-t", "-S", "-p", Integer.toString(spec.tlsPort())));
        }
        command.addAll(List.of("-u", spec.user().name(), "-w", spec.user().password(),
                "-m", "1", "-n", Integer.toString(MESSAGES), "-l", Integer.toString(LENGTH), "-z", "5"));
        command.addAll(peer.uclientArguments());
        command.add("::1");

        ToolRun run = ToolRun.run(command, server.workDir(), LIMIT);

        assertFalse(run.timedOut(), run::describe);
        assertEquals(0, run.exitCode(), run::describe);
        UclientReport report = UclientReport.parse(run.output());
        // One session in uclient's default RTP/RTCP mode: an RTP and an RTCP allocation, each sending MESSAGES.
        assertEquals(2L * MESSAGES, report.sentMessages(), () -> "messages sent\n" + run.describe());
        assertEquals(report.sentMessages(), report.receivedMessages(), () -> "messages echoed\n" + run.describe());
        assertEquals(report.sentMessages() * LENGTH, report.receivedBytes(), () -> "bytes echoed\n" + run.describe());
        assertEquals(0, report.lostPackets(), () -> "lost packets\n" + run.describe());
        assertTrue(server.output().contains("relay=/[0:0:0:0:0:0:0:1]:"), "an IPv6 relayed address was allocated");
    }
}
