package io.turnpike.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.turnpike.server.config.ConfigLoader;
import io.turnpike.server.config.ServerSettings;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.testing.RecordingEvents;
import io.turnpike.server.testing.MutableClock;
import io.turnpike.server.testing.TurnClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The whole server as {@code Main} starts it (TURN engine, HTTP API, metrics, usage), in-process on
 * loopback: ephemeral listener and HTTP ports, a small relay range at a random offset, loopback peers
 * allowed, plain HTTP on 127.0.0.1, one API key {@link #KEY} with a monthly quota, a controllable clock.
 */
final class WiredServer implements AutoCloseable {
    static final String KEY = "app1";
    static final String TOKEN = "token-app1-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = MutableClock.now();
    /** Told every engine event beside the metrics and the usage ledger. */
    final RecordingEvents events = new RecordingEvents();
    final Main.Running running;
    final TurnpikeServer server;
    final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts with {@code extra} HOCON laid over the test defaults; {@code quotaBytes} 0 = unlimited. */
    WiredServer(Path dataDir, long quotaBytes, String extra) throws Exception {
        int relayBase = 30000 + ThreadLocalRandom.current().nextInt(0, 1000) * 10;
        Config overrides = ConfigFactory.parseString(String.join("\n",
                "turnpike.data-dir = \"" + dataDir + "\"",
                "turnpike.listen { addresses = [\"127.0.0.1\"], udp-port = 0, tcp-port = 0, tls-port = 0 }",
                "turnpike.relay { bind-address = \"127.0.0.1\", min-port = " + relayBase + ", max-port = "
                        + (relayBase + 9) + " }",
                "turnpike.security.peer.allow-loopback = true",
                "turnpike.http { bind-address = \"127.0.0.1\", port = 0, tls = false, admin-token = \"" + ADMIN
                        + "\", keys = [{ id = \"" + KEY + "\", token = \"" + TOKEN + "\", monthly-quota-bytes = "
                        + quotaBytes + " }] }",
                extra));
        Config config = ConfigLoader.overDefaults(overrides);
        running = Main.boot(config, ServerSettings.from(config), clock, events, new TrafficCounters());
        server = running.server();
        base = URI.create("http://127.0.0.1:" + running.api().httpAddress().getPort());
    }

    HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST generate-ice-servers for {@link #KEY}; the raw response. */
    HttpResponse<String> generate() throws Exception {
        return send("POST", "/v1/turn/keys/" + KEY + "/credentials/generate-ice-servers", TOKEN, "{\"ttl\": 3600}");
    }

    /** The TURN entry (username, credential, urls) of a successful generate-ice-servers answer. */
    JsonNode turnEntry() throws Exception {
        return entryOf(generate());
    }

    /** The TURN entry of the generate-ice-servers answer {@code r}, which must be a success. */
    JsonNode entryOf(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 201) {
            throw new AssertionError("generate-ice-servers answered " + r.statusCode() + ": " + r.body());
        }
        for (JsonNode server : JSON.readTree(r.body()).get("iceServers")) {
            if (server.has("username")) {
                return server;
            }
        }
        throw new AssertionError("no TURN entry in " + r.body());
    }

    /** A TURN client on {@code transport} using the credential of {@code entry}. */
    TurnClient client(Transport transport, JsonNode entry) throws Exception {
        InetSocketAddress at = server.address(transport);
        TurnClient c = transport == Transport.UDP ? TurnClient.udp(at) : TurnClient.tcp(at);
        return c.credentials(entry.get("username").asText(), entry.get("credential").asText());
    }

    /** The scraped value of the Prometheus sample line starting with {@code series}, or -1. */
    double metric(String series) throws Exception {
        String text = send("GET", "/metrics", null, null).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return -1;
    }

    @Override
    public void close() {
        running.close();
    }
}
