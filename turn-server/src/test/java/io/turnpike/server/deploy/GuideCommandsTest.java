package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guides' curl commands, run as written against a loopback stand-in that records what they
 * send and answers the way Turnpike's API does (docs/http-api.md); only the base URL and the token
 * file's path are swapped. The guide's Next.js route handler runs in node against the same
 * stand-in, with Cloudflare up or down. After the merge the stand-in can be replaced by the real
 * HTTP listener.
 */
class GuideCommandsTest {
    private static final String ICE_SERVERS = "{\"iceServers\":[{\"urls\":[\"stun:turn.example.com:3478\"]},"
            + "{\"urls\":[\"turn:turn.example.com:3478?transport=udp\"],\"username\":\"1767225600:webapp\","
            + "\"credential\":\"x\"}]}";
    private static final String METRICS = "# TYPE turnpike_allocations_started_total counter\n"
            + "turnpike_allocations_started_total 3.0\n"
            + "turnpike_auth_failures_total{reason=\"bad_integrity\"} 2.0\n"
            + "turnpike_relay_bytes_total{direction=\"client_to_peer\",transport=\"udp\"} 1000.0\n";

    /** One request the stand-in received. */
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
    }

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        int status;
        String reply;
        if (path.endsWith("/credentials/generate-ice-servers") && exchange.getRequestMethod().equals("POST")) {
            status = 201;
            reply = ICE_SERVERS;
        } else if (path.equals("/metrics")) {
            status = 200;
            reply = METRICS;
        } else if (path.equals("/health") || path.equals("/ready")) {
            status = 200;
            reply = "{\"status\":\"ok\"}";
        } else {
            status = 404;
            reply = "{\"error\":{\"code\":404,\"message\":\"not found\"}}";
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Runs a guide's shell block with the server's base URL pointed at the stand-in. */
    private DeployFiles.Result runBlock(String guide, String marker, Map<String, String> replacements) {
        DeployFiles.Block block = DeployFiles.blocks(guide, "sh").stream().filter(b -> b.body().contains(marker))
                .findFirst().orElseThrow();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String script = block.body().replace("https://turn.example.com:8443", base).replace("https://127.0.0.1:8443", base);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertTrue(script.contains(r.getKey()), block + " contains " + r.getKey());
            script = script.replace(r.getKey(), r.getValue());
        }
        return DeployFiles.run(List.of("bash", "-eo", "pipefail", "-c", script), Map.of(), dir);
    }

    @Test
    void credentialRequestSendsWhatTheApiExpects() throws IOException {
        DeployFiles.tool("curl", "Debian package curl");
        Path token = Files.writeString(dir.resolve("webapp.token"), "webapp-token-0123456789\n");
        DeployFiles.Result r = runBlock("docs/beside-cloudflare.md", "generate-ice-servers",
                Map.of("/etc/turnpike/webapp.token", token.toString()));
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(1, requests.size());
        Request q = requests.get(0);
        assertEquals("POST", q.method());
        assertEquals("/v1/turn/keys/webapp/credentials/generate-ice-servers", q.path());
        assertEquals(List.of("Bearer webapp-token-0123456789"), q.headers().get("Authorization"), "no newline from the file");
        assertEquals(List.of("application/json"), q.headers().get("Content-type"));
        assertEquals(86400, new ObjectMapper().readTree(q.body()).get("ttl").asInt());
        assertEquals(ICE_SERVERS, r.stdout().strip(), "the answer is printed");
    }

    @Test
    void metricsAndHealthCommandsShowWhatTheGuideSays() {
        DeployFiles.tool("curl", "Debian package curl");
        DeployFiles.Result r = runBlock("docs/troubleshooting.md", "/metrics", Map.of());
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of("GET /metrics", "GET /health", "GET /ready"),
                requests.stream().map(q -> q.method() + " " + q.path()).toList());
        List<String> lines = List.of(r.stdout().split("\n"));
        assertEquals(List.of("turnpike_allocations_started_total 3.0",
                "turnpike_auth_failures_total{reason=\"bad_integrity\"} 2.0", "{\"status\":\"ok\"}{\"status\":\"ok\"}"),
                lines, "the filter keeps allocation and authentication series, drops relay traffic");
    }
    /** Loads the guide's Next.js route handler in node with Cloudflare answering {@code cloudflare}. */
    private String runRouteHandler(String cloudflare) throws IOException {
        String node = DeployFiles.tool("node", "Debian package nodejs");
        DeployFiles.Block route = DeployFiles.blocks("docs/beside-cloudflare.md", "js").get(0);
        Files.writeString(dir.resolve("route.mjs"), route.body());
        Files.writeString(dir.resolve("harness.mjs"), """
                const realFetch = globalThis.fetch;
                const seen = [];
                globalThis.fetch = async (url, init) => {
                  seen.push(`${init.method} ${url}`);
                  if (String(url).startsWith('https://rtc.live.cloudflare.com/')) {
                    if (process.env.CLOUDFLARE === 'down') throw new TypeError('fetch failed');
                    return new Response(JSON.stringify({ iceServers: [{ urls: ['stun:stun.cloudflare.com:3478'] }] }), { status: 201 });
                  }
                  return realFetch(url, init);
                };
                const route = await import('./route.mjs');
                const res = await route.GET();
                console.log(JSON.stringify({ status: res.status, dynamic: route.dynamic,
                  cacheControl: res.headers.get('cache-control'), body: await res.json(), seen }));
                """);
        DeployFiles.Result r = DeployFiles.run(List.of(node, "harness.mjs"), Map.of(
                "CLOUDFLARE", cloudflare,
                "TURN_API_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "TURN_KEY_ID", "webapp", "TURN_KEY_TOKEN", "webapp-token-0123456789",
                "CF_TURN_KEY_ID", "cf-key", "CF_TURN_KEY_TOKEN", "cf-token"), dir);
        assertEquals(0, r.exitCode(), r.all());
        return r.stdout().strip();
    }

    @Test
    void routeHandlerFallsBackToTurnpikeWhenCloudflareFails() throws IOException {
        var result = new ObjectMapper().readTree(runRouteHandler("down"));
        assertEquals(200, result.get("status").asInt());
        assertEquals("force-dynamic", result.get("dynamic").asText());
        assertEquals("no-store", result.get("cacheControl").asText());
        assertEquals(new ObjectMapper().readTree(ICE_SERVERS), result.get("body"), "Turnpike's servers");
        assertEquals(2, result.get("seen").size());
        assertEquals("POST https://rtc.live.cloudflare.com/v1/turn/keys/cf-key/credentials/generate-ice-servers",
                result.get("seen").get(0).asText(), "Cloudflare first");
        assertEquals(1, requests.size());
        assertEquals("/v1/turn/keys/webapp/credentials/generate-ice-servers", requests.get(0).path());
        assertEquals(List.of("Bearer webapp-token-0123456789"), requests.get(0).headers().get("Authorization"));
    }

    @Test
    void routeHandlerUsesCloudflareWhenItAnswers() throws IOException {
        var result = new ObjectMapper().readTree(runRouteHandler("up"));
        assertEquals("stun:stun.cloudflare.com:3478", result.get("body").get("iceServers").get(0).get("urls").get(0).asText());
        assertEquals(0, requests.size(), "Turnpike not asked");
    }
}
