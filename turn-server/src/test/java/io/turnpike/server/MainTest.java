package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.turnpike.server.security.PeerFilter;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.TurnClient;
import java.net.InetAddress;
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
                "turnpike.http { bind-address = \"127.0.0.1\", port = 0 }",
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

    /**
     * The peer filter refuses every socket of the server itself, whatever the allow list says
     * (RFC 8656 §21.1.7 loops; the HTTP API through an RFC 6062 TCP relay), including DTLS, the
     * RFC 5780 discovery sockets and the HTTP API, and still allows other ports on those addresses.
     */
    @Test
    void peerFilterRefusesEverySocketOfTheServerItself() throws Exception {
        Path file = temp.resolve("own.conf");
        Files.writeString(file, String.join("\n",
                "turnpike.data-dir = \"" + temp.resolve("data") + "\"",
                "turnpike.listen { addresses = [\"127.0.0.1\"], udp-port = 13478, tcp-port = 13478,"
                        + " tls-port = 15349, dtls = true, dtls-port = 15350 }",
                "turnpike.nat-discovery { alternate-address = \"127.0.0.2\", alternate-port = 13479 }",
                "turnpike.http { bind-address = \"127.0.0.1\", port = 18443 }",
                "turnpike.security.peer.allow = [\"127.0.0.0/8\"]"));
        Config config = ConfigLoader.load(file);
        ServerSettings settings = Main.settingsFrom(file);
        PeerFilter filter = settings.security().peerFilter()
                .refuseAlways(Main.ownAddresses(settings, ApiWiring.settingsFrom(config, true)));
        InetAddress a1 = InetAddress.getByName("127.0.0.1");
        InetAddress a2 = InetAddress.getByName("127.0.0.2");
        for (int port : new int[] {13478, 15349, 15350, 13479, 18443}) {
            assertFalse(filter.allows(a1, port), "127.0.0.1:" + port);
        }
        assertFalse(filter.allows(a2, 13478), "discovery A2:P1");
        assertFalse(filter.allows(a2, 13479), "discovery A2:P2");
        assertTrue(filter.allows(a1, 40000), "another port of an allowed address");
        assertTrue(filter.allows(a2, 15349), "a listen port on an address the listener does not bind");
    }
}
