package io.turnpike.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: with no API key configured, one is generated, printed once, and works. */
class GeneratedApiKeyTest {
    @TempDir
    Path temp;

    private Main.Running boot() throws Exception {
        Config config = ConfigLoader.overDefaults(ConfigFactory.parseString(String.join("\n",
                "turnpike.data-dir = \"" + temp.resolve("data") + "\"",
                "turnpike.listen { addresses = [\"127.0.0.1\"], udp-port = 0, tcp-port = 0, tls-port = 0 }",
                "turnpike.relay { bind-address = \"127.0.0.1\", min-port = 42000, max-port = 42999 }",
                "turnpike.http { bind-address = \"127.0.0.1\", port = 0, tls = false }")));
        return Main.boot(config, ServerSettings.from(config), MutableClock.now(), TurnEvents.NONE,
                new TrafficCounters());
    }

    private static String find(String banner, String regex) {
        Matcher m = Pattern.compile(regex).matcher(banner);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void firstStartPrintsKeyIdTokenAndUrlAndTheTokenMintsCredentials() throws Exception {
        String keyId;
        String token;
        Main.Running first = boot();
        try {
            String banner = first.banner();
            int port = first.api().httpAddress().getPort();
            assertTrue(banner.contains("http://127.0.0.1:" + port + "/"), banner);
            keyId = find(banner, "key id: (\\S+)");
            token = find(banner, "token:  (\\S+)");
            assertNotNull(keyId, banner);
            assertNotNull(token, banner);
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/turn/keys/" + keyId
                            + "/credentials/generate-ice-servers")).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\": 60}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
        } finally {
            first.close();
        }
        Main.Running again = boot();
        try {
            assertTrue(again.banner().contains("API key " + keyId), again.banner());
            assertFalse(again.banner().contains(token), "the token is printed only when generated");
        } finally {
            again.close();
        }
    }
}
