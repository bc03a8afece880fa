package io.turnpike.server.http;

import static io.turnpike.server.http.ApiFixture.ADMIN;
import static io.turnpike.server.http.ApiFixture.KEY;
import static io.turnpike.server.http.ApiFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.Transport;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness, metrics, usage and the test page. */
class OpsEndpointsTest {
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

    @Test
    void healthIsAlwaysOkAndReadyFollowsTheSupplier() throws Exception {
        assertEquals(200, api.get("/health", null).statusCode());
        assertEquals(200, api.get("/ready", null).statusCode());
        api.ready.set(false);
        assertEquals(503, api.get("/ready", null).statusCode());
        assertEquals(200, api.get("/health", null).statusCode());
    }

    @Test
    void metricsServesPrometheusText() throws Exception {
        Counter.builder("turnpike.probe").register(api.registry).increment(3);
        HttpResponse<String> r = api.get("/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        assertTrue(r.body().contains("turnpike_probe_total 3.0"), r.body());
        api.get("/nowhere", null);
        String again = api.get("/metrics", null).body();
        assertTrue(again.contains("turnpike_http_responses_total{status=\"404\"} 1.0"), again);
        assertTrue(again.contains("turnpike_http_responses_total{status=\"200\"}"), again);
    }

    @Test
    void usageReportsThisMonthPerKeyForTheAdminOnly() throws Exception {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
        AllocationInfo alloc = new AllocationInfo(1, "x:" + KEY, KEY, KEY, a, a, Transport.UDP, 0);
        api.usage.allocationCreated(alloc);
        api.usage.allocationClosed(alloc, io.turnpike.server.events.CloseReason.EXPIRED, 300, 200);
        api.usage.add("stranger", 7);
        HttpResponse<String> r = api.get("/v1/usage", ADMIN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode u = JSON.readTree(r.body());
        assertEquals("2026-11", u.get("month").asText());
        JsonNode k = u.get("keys").get(0);
        assertEquals(KEY, k.get("id").asText());
        assertEquals(500, k.get("bytes").asLong());
        assertEquals(1, k.get("allocations").asLong());
        assertEquals(1000, k.get("quotaBytes").asLong());
        assertEquals(0.5, k.get("quotaUsed").asDouble(), 1e-9);
        assertFalse(k.get("quotaSpent").asBoolean());
        assertEquals(7, u.get("other").get("bytes").asLong());
        assertFalse(r.body().contains(TOKEN), "usage never shows tokens");
    }

    @Test
    void appReportsCloudflareUsage() throws Exception {
        assertEquals(204, api.post("/v1/usage/cloudflare", ADMIN, "{\"bytes\": 123456}").statusCode());
        assertEquals(123456, api.usage.cloudflareBytesThisMonth());
        JsonNode cf = JSON.readTree(api.get("/v1/usage", ADMIN).body()).get("cloudflare");
        assertEquals(123456, cf.get("bytes").asLong());
        assertEquals(401, api.post("/v1/usage/cloudflare", TOKEN, "{\"bytes\": 1}").statusCode());
        assertEquals(400, api.post("/v1/usage/cloudflare", ADMIN, "{\"bytes\": \"many\"}").statusCode());
    }

    @Test
    void testPageAndScriptAreServedSameOriginOnly() throws Exception {
        HttpResponse<String> page = api.get("/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"ice-test.js\"></script>"));
        String csp = page.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), csp);
        HttpResponse<String> js = api.get("/ice-test.js", null);
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
        assertTrue(js.body().contains("generate-ice-servers") && js.body().contains("RTCPeerConnection"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no external resources");
    }
}
