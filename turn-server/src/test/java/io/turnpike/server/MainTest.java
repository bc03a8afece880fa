package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.DataDirectory;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up as {@code java -jar turnpike.jar [--config FILE]} does it, in-process. */
class MainTest {
    @TempDir
    Path temp;

    private Path configFile(String extra) throws Exception {
        Path file = temp.resolve("turnpike.conf");
        Files.writeString(file, String.join("\n",
                "turnpike.data-dir = \"" + temp.resolve("data") + "\"",
                "turnpike.listen { addresses = [\"127.0.0.1\"], udp-port = 0, tcp-port = 0, tls-port = 0 }",
                "turnpike.relay { bind-address = \"127.0.0.1\", min-port = 41000, max-port = 41999 }",
                extra));
        return file;
    }

    @Test
    void bannerPrintsWorkingIceServersAndTheDataDirectoryAndRestartReusesTheSecret() throws Exception {
        Path file = configFile("");
        Config config = ConfigLoader.load(file);
        ServerSettings settings = ServerSettings.from(config);
        String secret;
        Main.Running running = Main.boot(config, settings, MutableClock.now(), io.turnpike.server.events.TurnEvents.NONE, new io.turnpike.server.events.TrafficCounters());
        try {
            String banner = running.banner();
            assertTrue(banner.contains(temp.resolve("data").toString()), banner);
            assertTrue(banner.contains(DataDirectory.SHARED_SECRET_FILE), "names the generated secret file");
            JsonNode json = new ObjectMapper().readTree(banner.substring(banner.indexOf('{')));
            JsonNode turn = json.get("iceServers").get(1);
            assertEquals(3, turn.get("urls").size(), "udp, tcp and tls");
            assertTrue(turn.get("urls").get(2).asText().startsWith("turns:127.0.0.1:"));
            secret = Files.readString(temp.resolve("data").resolve(DataDirectory.SHARED_SECRET_FILE));
            // The printed credential works.
            try (TurnClient c = TurnClient.udp(running.server().address(Transport.UDP))
                    .credentials(turn.get("username").asText(), turn.get("credential").asText())) {
                assertEquals(0, TurnClient.errorCode(c.allocate()));
                // Secure by default: loopback peers are refused (issue 5) with 403.
                assertEquals(403, TurnClient.errorCode(c.request(StunMethod.CREATE_PERMISSION,
                        new XorPeerAddress(new InetSocketAddress("127.0.0.1", 9)))));
            }
        } finally {
            running.close();
        }
        Main.Running again = Main.boot(config, settings, MutableClock.now(), io.turnpike.server.events.TurnEvents.NONE, new io.turnpike.server.events.TrafficCounters());
        again.close();
        assertEquals(secret, Files.readString(temp.resolve("data").resolve(DataDirectory.SHARED_SECRET_FILE)));
        assertTrue(Files.exists(temp.resolve("data").resolve("tls")), "self-signed certificate kept in the data dir");
    }

    @Test
    void wrongValueInTheUserFileNamesTheKey() throws Exception {
        Path file = configFile("turnpike.relay.max-port = 100");
        ConfigException e = assertThrows(ConfigException.class, () -> Main.settingsFrom(file));
        assertTrue(e.getMessage().contains("turnpike.relay.max-port"), e.getMessage());
        assertTrue(e.getMessage().contains("turnpike.conf"), "names the file: " + e.getMessage());
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThrows(ConfigException.class, () -> Main.settingsFrom(temp.resolve("nope.conf")));
    }
}
