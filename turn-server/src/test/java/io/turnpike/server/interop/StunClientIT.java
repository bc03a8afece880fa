package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * coturn's {@code turnutils_stunclient} sends a Binding request over UDP and the server answers
 * with the client's own transport address in XOR-MAPPED-ADDRESS (RFC 8489 §14.2). The client's
 * real source port is read from its {@code getsockname} system call (strace), so the test checks
 * the port the server saw, not just that some port came back.
 */
@ExtendWith(TurnServerExtension.class)
class StunClientIT {
    private static final Pattern MAPPED = Pattern.compile("UDP reflexive addr: ([0-9.]+):(\\d+)");
    private static final Pattern SOCKNAME = Pattern.compile(
            "getsockname\\(\\d+, \\{sa_family=AF_INET, sin_port=htons\\((\\d+)\\), sin_addr=inet_addr\\(\"([0-9.]+)\"\\)");

    /** From 127.0.0.1 and from another loopback address, so the mapped IP is not a constant. */
    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.37"})
    void bindingResponseCarriesTheClientsAddressAndPort(String localAddress, ServerProcess server) throws Exception {
        TurnServerSpec spec = server.spec();
        Path trace = Files.createTempFile(server.workDir(), "stunclient-", ".strace");
        ToolRun run = ToolRun.run(List.of("strace", "-f", "-qq", "-e", "trace=getsockname", "-o", trace.toString(),
                        "turnutils_stunclient", "-L", localAddress, "-p", Integer.toString(spec.udpPort()), spec.host()),
                server.workDir(), Duration.ofSeconds(20));

        assertFalse(run.timedOut(), run::describe);
        assertEquals(0, run.exitCode(), run::describe);
        Matcher mapped = MAPPED.matcher(run.output());
        assertTrue(mapped.find(), () -> "no reflexive address printed\n" + run.describe());
        String traced = Files.readString(trace);
        Matcher socket = SOCKNAME.matcher(traced);
        assertTrue(socket.find(), () -> "no getsockname in the client's trace:\n" + traced);

        assertEquals(localAddress, mapped.group(1), run::describe);
        assertEquals(localAddress, socket.group(2), traced);
        assertEquals(socket.group(1), mapped.group(2), () -> "mapped port is not the client's port\n"
                + run.describe() + "\n" + traced);
    }
}
