package io.turnpike.server.http;

import static io.turnpike.server.http.ApiFixture.ADMIN;
import static io.turnpike.server.http.ApiFixture.KEY;
import static io.turnpike.server.http.ApiFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cloudflare beside Turnpike (merge and fallback) against a loopback stand-in of Cloudflare's API. */
class CloudflareUpstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATE = ApiFixture.generateIce(KEY);

    @TempDir
    Path dir;
    private CloudflareStandIn cloudflare;
    private ApiFixture api;

    @BeforeEach
    void startStandIn() throws Exception {
        cloudflare = new CloudflareStandIn();
    }

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        cloudflare.close();
    }

    private void start(String mode, String extra) throws Exception {
        api = new ApiFixture(dir, "cloudflare { mode = " + mode + ", key-id = \"" + CloudflareStandIn.KEY_ID
                + "\", token = \"" + CloudflareStandIn.TOKEN + "\", base-url = \"" + cloudflare.baseUrl()
                + "\", timeout = 2500ms " + extra + " }");
    }

    private static JsonNode servers(HttpResponse<String> r) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("iceServers");
    }

    private static String sources(HttpResponse<String> r) {
        return r.headers().firstValue(CredentialEndpoints.SOURCES_HEADER).orElse("");
    }

    @Test
    void mergeReturnsCloudflaresServersThenTurnpikes() throws Exception {
        start("merge", "");
        HttpResponse<String> r = api.post(GENERATE, TOKEN, "{\"ttl\": 3600, \"customIdentifier\": \"alice\"}");
        JsonNode s = servers(r);
        assertEquals(4, s.size(), s.toString());
        assertEquals("stun:stun.cloudflare.com:3478", s.get(0).get("urls").get(0).asText());
        assertEquals("cfuser", s.get(1).get("username").asText());
        assertFalse(s.get(1).has("extra"), "only RTCIceServer fields are passed on");
        assertEquals("stun:turn.example.org:3478", s.get(2).get("urls").get(0).asText());
        assertTrue(s.get(3).get("username").asText().endsWith(":" + KEY + ":alice"));
        assertEquals("cloudflare,turnpike", sources(r));
    }

    @Test
    void exactlyTtlWithTheCloudflareTokenIsSentToCloudflare() throws Exception {
        start("merge", "");
        servers(api.post(GENERATE, TOKEN, "{\"ttl\": 3600, \"customIdentifier\": \"alice\"}"));
        assertEquals(1, cloudflare.received.size());
        CloudflareStandIn.Received req = cloudflare.received.get(0);
        assertEquals("POST", req.method());
        assertEquals("/v1/turn/keys/" + CloudflareStandIn.KEY_ID + "/credentials/generate-ice-servers", req.path());
        assertEquals("Bearer " + CloudflareStandIn.TOKEN, req.authorization());
        assertEquals("application/json", req.contentType());
        assertEquals(JSON.readTree("{\"ttl\":3600}"), JSON.readTree(req.body()), "no customIdentifier, no user data");
    }

    @Test
    void fallbackModeReturnsCloudflaresServersAloneWhenItAnswers() throws Exception {
        start("fallback", "");
        HttpResponse<String> r = api.post(GENERATE, TOKEN, "{}");
        JsonNode s = servers(r);
        assertEquals(2, s.size());
        assertEquals("cloudflare", sources(r));
    }

    @Test
    void cloudflareErrorOrGarbageFallsBackToTurnpikeAlone() throws Exception {
        start("fallback", "");
        for (CloudflareStandIn.Behaviour b : new CloudflareStandIn.Behaviour[] {
            CloudflareStandIn.Behaviour.ERROR_500, CloudflareStandIn.Behaviour.GARBAGE}) {
            cloudflare.behaviour = b;
            HttpResponse<String> r = api.post(GENERATE, TOKEN, "{}");
            JsonNode s = servers(r);
            assertEquals(2, s.size(), b + ": " + s);
            assertEquals("stun:turn.example.org:3478", s.get(0).get("urls").get(0).asText());
            assertEquals("turnpike", sources(r), b.toString());
        }
    }

    @Test
    void cloudflareTimeoutFallsBackWithinTheTimeout() throws Exception {
        start("merge", "");
        cloudflare.behaviour = CloudflareStandIn.Behaviour.STALL;
        long t0 = System.nanoTime();
        HttpResponse<String> r = api.post(GENERATE, TOKEN, "{}");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("turnpike", sources(r));
        assertEquals(2, servers(r).size());
        assertTrue(millis < 6000, "answered after " + millis + " ms; the stand-in stalls 8000 ms");
        assertEquals(201, api.post(GENERATE, TOKEN, "{}").statusCode(), "connection still serves requests");
    }

    @Test
    void cloudflareUnreachableFallsBack() throws Exception {
        start("merge", "");
        cloudflare.close();
        HttpResponse<String> r = api.post(GENERATE, TOKEN, "{}");
        assertEquals("turnpike", sources(r));
    }

    @Test
    void reportedCloudflareUsageAtTheCapStopsAskingCloudflare() throws Exception {
        start("merge", ", monthly-cap-bytes = 1000");
        assertEquals("cloudflare,turnpike", sources(api.post(GENERATE, TOKEN, "{}")));
        assertEquals(204, api.post("/v1/usage/cloudflare", ADMIN, "{\"bytes\": 1000}").statusCode());
        HttpResponse<String> r = api.post(GENERATE, TOKEN, "{}");
        assertEquals("turnpike", sources(r));
        assertEquals(1, cloudflare.received.size(), "Cloudflare not asked once the cap is reached");
        JsonNode cf = JSON.readTree(api.get("/v1/usage", ADMIN).body()).get("cloudflare");
        assertTrue(cf.get("capReached").asBoolean());
    }

    @Test
    void spentTurnpikeQuotaStillServesCloudflaresServersAnd429WhenCloudflareFails() throws Exception {
        start("merge", "");
        api.usage.add(KEY, 1000);
        HttpResponse<String> r = api.post(GENERATE, TOKEN, "{}");
        assertEquals("cloudflare", sources(r));
        assertEquals(2, servers(r).size());
        cloudflare.behaviour = CloudflareStandIn.Behaviour.ERROR_500;
        assertEquals(429, api.post(GENERATE, TOKEN, "{}").statusCode());
    }
}
