package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With its secure default (no {@code security.peer.allow}), the server refuses to relay to
 * loopback peers: coturn's {@code turnutils_uclient} gets 403 Forbidden for its CreatePermission
 * to the echo peer on 127.0.0.1 (RFC 8656 §9.1, and §21.4 on using a relay to reach the server's
 * own network). The relay tests allow loopback peers explicitly; this one shows that they have to.
 */
@ExtendWith(TurnServerExtension.class)
@TurnServerExtension.Options(allowLoopbackPeers = false)
class LoopbackPeerRefusedIT {

    @Test
    void createPermissionToLoopbackPeerIsForbiddenByDefault(ServerProcess server, EchoPeer peer) throws Exception {
        TurnServerSpec spec = server.spec();
        List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-p", Integer.toString(spec.udpPort()),
                "-s", "-c", "-u", spec.user().name(), "-w", spec.user().password(), "-m", "1", "-n", "5"));
        command.addAll(peer.uclientArguments());
        command.add(spec.host());

        ToolRun run = ToolRun.run(command, server.workDir(), Duration.ofSeconds(30));

        assertFalse(run.timedOut(), run::describe);
        assertNotEquals(0, run.exitCode(), run::describe);
        assertTrue(run.output().contains("create permission error 403"), run::describe);
    }
}
