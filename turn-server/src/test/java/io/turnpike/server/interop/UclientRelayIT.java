package io.turnpike.server.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * coturn's {@code turnutils_uclient} relays through the server to coturn's UDP echo peer and gets
 * every message back: RFC 8656 Allocate, CreatePermission and ChannelBind (§12, ChannelData) or
 * Send/Data indications (§11), over UDP, TCP and TLS (§3.1), authenticated with a static user or a
 * TURN REST shared-secret credential (long-term credentials, RFC 8489 §9.2). uclient runs in its
 * default RTP/RTCP mode: each session allocates an even relay port with the next one reserved
 * (EVEN-PORT with the R bit) and a second allocation takes the reservation (RESERVATION-TOKEN),
 * RFC 8656 §7.2. A client we did not write, so the test also proves wire compatibility.
 */
@ExtendWith(TurnServerExtension.class)
class UclientRelayIT {
    /** 2 sessions (each with an RTP and an RTCP allocation) x 50 messages of 120 bytes. */
    private static final int SESSIONS = 2;
    private static final int MESSAGES = 50;
    private static final int LENGTH = 120;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** How the client reaches the server. */
    enum Transport {
        UDP, TCP, TLS
    }

    /** How the client sends data to the peer. */
    enum Relay {
        /** ChannelBind then ChannelData (uclient's default). */
        CHANNELS,
        /** Send indications out, Data indications back ({@code -s}). */
        SEND_INDICATIONS
    }

    /** Which long-term credential the client uses. */
    enum Credential {
        STATIC_USER, SHARED_SECRET
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Transport transport : Transport.values()) {
            for (Relay relay : Relay.values()) {
                for (Credential credential : Credential.values()) {
                    cases.add(Arguments.of(transport, relay, credential));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void relaysEveryMessageToTheEchoPeerAndBack(Transport transport, Relay relay, Credential credential,
                                                ServerProcess server, EchoPeer peer) throws Exception {
        TurnServerSpec spec = server.spec();
        List<String> command = new ArrayList<>(List.of("turnutils_uclient"));
        switch (transport) {
            case UDP -> command.addAll(List.of("-p", Integer.toString(spec.udpPort())));
            case TCP -> command.addAll(List.of("-t", "-p", Integer.toString(spec.tcpPort())));
            // uclient takes each TLS record as exactly one message: a server that packs two
            // messages into one record makes it report the second as lost. Turnpike writes one
            // record per message. (coturn's server coalesces records under load and so shows
            // occasional "loss" here.) At 5 ms intervals uclient keeps up with reading (TESTING-NOTES).
            case TLS -> command.addAll(List.of("-t", "-S", "-p", Integer.toString(spec.tlsPort())));
        }
        if (relay == Relay.SEND_INDICATIONS) {
            command.add("-s");
        }
        switch (credential) {
            case STATIC_USER -> command.addAll(List.of("-u", spec.user().name(), "-w", spec.user().password()));
            case SHARED_SECRET -> command.addAll(List.of("-u", "uclient", "-W", spec.sharedSecret()));
        }
        command.addAll(List.of("-m", Integer.toString(SESSIONS), "-n", Integer.toString(MESSAGES),
                "-l", Integer.toString(LENGTH), "-z", "5"));
        command.addAll(peer.uclientArguments());
        command.add(spec.host());

        ToolRun run = ToolRun.run(command, server.workDir(), LIMIT);

        UclientReport.assertEveryMessageEchoed(run, (long) SESSIONS * MESSAGES, LENGTH);
    }
}
