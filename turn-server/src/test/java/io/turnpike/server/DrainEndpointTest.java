package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.attribute.AlternateServer;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drain mode switched at run time through the admin API (docs/redirects.md). */
class DrainEndpointTest {
    @TempDir
    Path dir;

    @Test
    void adminDrainRedirectsNewAllocationsUntilSwitchedOff() throws Exception {
        try (WiredServer w = new WiredServer(dir, 0, "turnpike.alternate-servers.udp = [\"127.0.0.2:3478\"]")) {
            JsonNode entry = w.turnEntry();
            assertEquals(401, w.send("POST", "/v1/admin/drain", WiredServer.TOKEN, "{\"drain\": true}").statusCode(),
                    "a key token is not the admin token");
            assertEquals(400, w.send("POST", "/v1/admin/drain", WiredServer.ADMIN, "{\"drain\": 1}").statusCode());
            var on = w.send("POST", "/v1/admin/drain", WiredServer.ADMIN, "{\"drain\": true}");
            assertEquals(200, on.statusCode(), on.body());
            assertEquals(true, WiredServer.JSON.readTree(on.body()).get("draining").asBoolean());
            try (TurnClient c = w.client(Transport.UDP, entry)) {
                StunMessage answer = c.allocate();
                assertEquals(300, TurnClient.errorCode(answer));
                assertEquals(new InetSocketAddress("127.0.0.2", 3478), answer.get(AlternateServer.class).address());
            }
            assertEquals(200, w.send("POST", "/v1/admin/drain", WiredServer.ADMIN, "{\"drain\": false}").statusCode());
            try (TurnClient c = w.client(Transport.UDP, entry)) {
                assertEquals(0, TurnClient.errorCode(c.allocate()));
            }
        }
    }
}
