package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real WebRTC stack we did not write, libdatachannel (npm {@code node-datachannel}, ICE by
 * libjuice), connects two peers through the server with {@code iceTransportPolicy: "relay"} and
 * only the server as ICE server over {@code turn:} UDP, and echoes data-channel messages. The peers
 * bind distinct loopback addresses and the test checks that both ends selected relay candidates on
 * the server's relay ports, since libjuice does not strictly enforce relay-only on loopback.
 *
 * <p>TURN over TCP and TLS is not tested with this stack: the prebuilt node-datachannel is built on
 * libjuice, which logs "TURN transports TCP and TLS are not supported with libjuice" and gathers no
 * candidate. {@link ChromiumRelayIT} covers those transports with Chromium's libwebrtc.
 */
@ExtendWith(TurnServerExtension.class)
class LibDataChannelRelayIT {
    private static final int MESSAGES = 5;

    @Test
    void peersConnectThroughRelayOnlyOverUdpAndEchoDataChannelMessages(ServerProcess server) throws Exception {
        TurnServerSpec spec = server.spec();
        NodeScript script = NodeScript.run("datachannel.mjs", Map.of(
                        "host", spec.host(),
                        "port", spec.udpPort(),
                        "relayType", "TurnUdp",
                        "username", spec.user().name(),
                        "credential", spec.user().password(),
                        "bindA", "127.0.0.11",
                        "bindB", "127.0.0.12",
                        "messages", MESSAGES,
                        "timeoutMs", 30000),
                server.workDir(), Duration.ofSeconds(45));

        assertTrue(script.ok(), script::describe);
        assertEquals(MESSAGES, script.result().path("echoes").asInt(), script::describe);
        JsonNode a = script.result().path("selected").path("a");
        JsonNode b = script.result().path("selected").path("b");
        for (JsonNode candidate : new JsonNode[] {a.path("local"), a.path("remote"), b.path("local"), b.path("remote")}) {
            assertEquals("relay", candidate.path("type").asText(), () -> "selected pair " + script.describe());
            assertEquals(spec.host(), candidate.path("address").asText(), script::describe);
            assertTrue(spec.isRelayPort(candidate.path("port").asInt()),
                    () -> "candidate port outside the relay range: " + candidate);
        }
        assertEquals(a.path("local").path("port").asInt(), b.path("remote").path("port").asInt(), script::describe);
        assertEquals(b.path("local").path("port").asInt(), a.path("remote").path("port").asInt(), script::describe);
    }
}
