package io.turnpike.server.http;

import static io.turnpike.server.http.ApiFixture.KEY;
import static io.turnpike.server.http.ApiFixture.NOW;
import static io.turnpike.server.http.ApiFixture.SECRET;
import static io.turnpike.server.http.ApiFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.server.auth.RestCredentials;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cloudflare-compatible credential endpoints over real HTTP on loopback. */
class CredentialApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir, "");
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void generateIceServersAnswers201WithListenerUrlsAndAWorkingRestCredential() throws Exception {
        HttpResponse<String> r = api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"ttl\": 86400}");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode servers = json(r).get("iceServers");
        assertEquals(2, servers.size());
        assertEquals(List.of("stun:turn.example.org:3478"), texts(servers.get(0).get("urls")));
        assertFalse(servers.get(0).has("username"));
        JsonNode turn = servers.get(1);
        assertEquals(List.of("turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp",
                "turns:turn.example.org:5349?transport=tcp"), texts(turn.get("urls")));
        String username = turn.get("username").asText();
        assertTrue(username.startsWith((NOW.getEpochSecond() + 86400) + ":" + KEY + ":~"), username);
        assertEquals(RestCredentials.password(SECRET, username), turn.get("credential").asText(),
                "the TURN side validates it with the shared secret");
        assertEquals(KEY, CredentialIssuer.keyIdOf(username));
        assertEquals("turnpike", r.headers().firstValue(CredentialEndpoints.SOURCES_HEADER).orElse(""));
    }

    @Test
    void missingTtlOrEmptyBodyGetsTheDefault() throws Exception {
        for (String body : new String[] {null, "{}", "{\"ttl\": null}"}) {
            HttpResponse<String> r = api.post(ApiFixture.generateIce(KEY), TOKEN, body);
            assertEquals(201, r.statusCode(), r.body());
            String username = json(r).get("iceServers").get(1).get("username").asText();
            assertEquals(NOW.getEpochSecond() + 86400, RestCredentials.expiryOf(username), "body " + body);
        }
    }

    @Test
    void ttlIsHonouredUpToFortyEightHoursAndOtherwiseRefusedWith400() throws Exception {
        HttpResponse<String> ok = api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"ttl\": 600}");
        assertEquals(NOW.getEpochSecond() + 600,
                RestCredentials.expiryOf(json(ok).get("iceServers").get(1).get("username").asText()));
        long max = Duration.ofHours(48).getSeconds();
        assertEquals(201, api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"ttl\": " + max + "}").statusCode());
        for (String bad : new String[] {"" + (max + 1), "0", "-5", "1.5", "\"600\"", "true", "99999999999999999999"}) {
            HttpResponse<String> r = api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"ttl\": " + bad + "}");
            assertEquals(400, r.statusCode(), "ttl " + bad);
            assertEquals(400, json(r).get("error").get("code").asInt());
            assertTrue(json(r).get("error").get("message").asText().contains("ttl"));
        }
    }

    @Test
    void olderGenerateShapeCarriesCustomIdentifierAsUserTag() throws Exception {
        HttpResponse<String> r = api.post("/v1/turn/keys/" + KEY + "/credentials/generate", TOKEN,
                "{\"ttl\": 3600, \"customIdentifier\": \"user-42\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode server = json(r).get("iceServers");
        assertTrue(server.isObject(), "older shape: one object");
        assertEquals(List.of("stun:turn.example.org:3478", "turn:turn.example.org:3478?transport=udp",
                "turn:turn.example.org:3478?transport=tcp", "turns:turn.example.org:5349?transport=tcp"),
                texts(server.get("urls")));
        String username = server.get("username").asText();
        assertEquals((NOW.getEpochSecond() + 3600) + ":" + KEY + ":user-42", username);
        assertEquals(KEY, CredentialIssuer.keyIdOf(username));
        assertEquals("user-42", CredentialIssuer.customIdentifierOf(username));
        assertEquals(KEY + ":user-42", RestCredentials.tagOf(username));
        assertEquals(RestCredentials.password(SECRET, username), server.get("credential").asText());
    }

    @Test
    void badCustomIdentifierIs400() throws Exception {
        for (String bad : new String[] {"\"a:b\"", "\"\"", "42", "\"" + "x".repeat(129) + "\"", "\"sp ace\""}) {
            HttpResponse<String> r = api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"customIdentifier\": " + bad + "}");
            assertEquals(400, r.statusCode(), "customIdentifier " + bad);
        }
    }

    @Test
    void revokeAnswers204AndTheEngineSeesTheCredentialRevokedUntilItExpires() throws Exception {
        String username = json(api.post(ApiFixture.generateIce(KEY), TOKEN, "{\"ttl\": 600}"))
                .get("iceServers").get(1).get("username").asText();
        assertFalse(api.revocations.isRevoked(username));
        HttpResponse<String> r = api.post("/v1/turn/keys/" + KEY + "/credentials/" + username + "/revoke", TOKEN, null);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("", r.body());
        assertTrue(api.revocations.isRevoked(username));
        assertEquals(List.of(username), api.revokedCallbacks, "live allocations get closed through the hook");
        api.clock.advance(Duration.ofSeconds(601));
        assertFalse(api.revocations.isRevoked(username), "the entry vanishes once the credential expired");
        assertEquals(0, api.revocations.size());
    }

    @Test
    void revokingACredentialOfAnotherKeyIs404() throws Exception {
        String foreign = (NOW.getEpochSecond() + 600) + ":someone-else";
        HttpResponse<String> r = api.post("/v1/turn/keys/" + KEY + "/credentials/" + foreign + "/revoke", TOKEN, null);
        assertEquals(404, r.statusCode());
        assertFalse(api.revocations.isRevoked(foreign));
        assertTrue(api.revokedCallbacks.isEmpty());
    }

    @Test
    void spentQuotaRefusesNewCredentialsWith429() throws Exception {
        api.usage.add(KEY, 1000);
        HttpResponse<String> r = api.post(ApiFixture.generateIce(KEY), TOKEN, "{}");
        assertEquals(429, r.statusCode());
        assertEquals(429, json(r).get("error").get("code").asInt());
        assertTrue(json(r).get("error").get("message").asText().contains("quota"));
        assertEquals(429, api.post("/v1/turn/keys/" + KEY + "/credentials/generate", TOKEN, "{}").statusCode());
    }
}
