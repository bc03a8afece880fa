package io.turnpike.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.server.auth.RestCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The browsers' WebRTC stack: two RTCPeerConnections in headless Chromium (Debian's chromium,
 * driven by playwright-core) connect through the server with {@code iceTransportPolicy: "relay"}
 * and only the server as ICE server, over {@code turn:} UDP, {@code turn:?transport=tcp} and
 * {@code turns:}, with a short-lived TURN REST credential minted from the shared secret (what an
 * app gets from the credential API). Each run echoes data-channel messages and checks, from
 * {@code getStats()}, that both ends selected relay candidates on the server's relay ports and that
 * the local candidate reached the server over the intended transport (relayProtocol, url).
 */
@ExtendWith(TurnServerExtension.class)
class ChromiumRelayIT {
    private static final int MESSAGES = 5;

    /** The ICE server URL schemes a browser app uses. */
    enum Url {
        TURN_UDP("udp"), TURN_TCP("tcp"), TURNS("tls");

        final String relayProtocol;

        Url(String relayProtocol) {
            this.relayProtocol = relayProtocol;
        }

        String of(TurnServerSpec spec) {
            return switch (this) {
                case TURN_UDP -> "turn:" + spec.host() + ":" + spec.udpPort() + "?transport=udp";
                case TURN_TCP -> "turn:" + spec.host() + ":" + spec.tcpPort() + "?transport=tcp";
                case TURNS -> "turns:" + spec.host() + ":" + spec.tlsPort() + "?transport=tcp";
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Url.class)
    void browserPeersConnectThroughRelayOnlyAndEchoDataChannelMessages(Url url, ServerProcess server)
            throws Exception {
        assertBrowsersRelay(server, url.of(server.spec()), url.relayProtocol);
    }

    /**
     * Runs the two-peer page against {@code iceUrl} as the only ICE server and checks that both ends
     * relayed through {@code server} over {@code relayProtocol} and echoed every message.
     */
    static void assertBrowsersRelay(ServerProcess server, String iceUrl, String relayProtocol) throws Exception {
        TurnServerSpec spec = server.spec();
        RestCredentials.Credential credential = RestCredentials.mint(spec.sharedSecret().getBytes(StandardCharsets.UTF_8),
                Instant.now().plus(Duration.ofHours(1)).getEpochSecond(), "chromium");
        NodeScript script = NodeScript.run("chromium.mjs", Map.of(
                        "urls", List.of(iceUrl),
                        "username", credential.username(),
                        "credential", credential.password(),
                        "messages", MESSAGES,
                        "timeoutMs", 40000),
                server.workDir(), Duration.ofSeconds(60));

        assertTrue(script.ok(), script::describe);
        JsonNode result = script.result();
        assertEquals(MESSAGES, result.path("echoes").asInt(), script::describe);
        for (String side : new String[] {"a", "b"}) {
            JsonNode local = result.path(side).path("local");
            JsonNode remote = result.path(side).path("remote");
            assertEquals("relay", local.path("candidateType").asText(), () -> side + " local " + script.describe());
            assertEquals("relay", remote.path("candidateType").asText(), () -> side + " remote " + script.describe());
            assertEquals(relayProtocol, local.path("relayProtocol").asText(), () -> side + " " + script.describe());
            assertEquals(iceUrl, local.path("url").asText(), () -> side + " " + script.describe());
            assertTrue(spec.isRelayPort(local.path("port").asInt()), () -> side + " local port " + local);
            assertTrue(spec.isRelayPort(remote.path("port").asInt()), () -> side + " remote port " + remote);
        }
    }
}
