package io.turnpike.server.http;

import static io.turnpike.server.http.ApiFixture.ADMIN;
import static io.turnpike.server.http.ApiFixture.KEY;
import static io.turnpike.server.http.ApiFixture.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.metrics.MetricSources;
import io.turnpike.server.metrics.TurnMetrics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path the lead wires: a credential minted through the API is used for an allocation whose
 * owner is {@link ApiKeys#ownerOf}; the engine's events feed usage and metrics; the quota then
 * closes the generate endpoint.
 */
class AccountingFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void mintedCredentialIsAccountedToItsKeyUntilTheQuotaRefusesNewOnes() throws Exception {
        try (ApiFixture api = new ApiFixture(dir, "")) {
            TurnMetrics metrics = new TurnMetrics(api.registry, new TrafficCounters(), api.usage,
                    new MetricSources(() -> 0, () -> 100, () -> Instant.EPOCH));
            String username = JSON.readTree(api.post(ApiFixture.generateIce(KEY), TOKEN,
                    "{\"customIdentifier\": \"carol\"}").body()).get("iceServers").get(1).get("username").asText();
            ApiKeys keys = ApiKeys.of(List.of(new ApiKey(KEY, TOKEN, api.usage.quota(KEY))), ADMIN);
            String owner = keys.ownerOf(username);
            assertEquals(KEY, owner);

            InetSocketAddress a = new InetSocketAddress("127.0.0.1", 40000);
            AllocationInfo alloc = new AllocationInfo(1, username, owner, "carol", a, a, Transport.TCP, 0);
            for (var listener : List.of(metrics, api.usage)) {
                listener.allocationCreated(alloc);
            }
            api.usage.allocationProgress(alloc, 300, 300);
            JsonNode k = JSON.readTree(api.get("/v1/usage", ADMIN).body()).get("keys").get(0);
            assertEquals(600, k.get("bytes").asLong(), "live allocation counted before it ends");
            assertEquals(201, api.post(ApiFixture.generateIce(KEY), TOKEN, "{}").statusCode());

            for (var listener : List.of(metrics, api.usage)) {
                listener.allocationClosed(alloc, CloseReason.DELETED, 500, 500);
            }
            k = JSON.readTree(api.get("/v1/usage", ADMIN).body()).get("keys").get(0);
            assertEquals(1000, k.get("bytes").asLong());
            assertTrue(k.get("quotaSpent").asBoolean());
            assertEquals(429, api.post(ApiFixture.generateIce(KEY), TOKEN, "{}").statusCode());

            String scrape = api.get("/metrics", null).body();
            assertTrue(scrape.contains("turnpike_usage_bytes{key=\"" + KEY + "\"} 1000.0"), scrape);
            assertTrue(scrape.contains("turnpike_usage_quota_used_ratio{key=\"" + KEY + "\"} 1.0"), scrape);
            assertTrue(scrape.contains("turnpike_allocations_closed_total{reason=\"deleted\"} 1.0"), scrape);
            assertFalse(scrape.contains("carol") || scrape.contains(username) || scrape.contains(TOKEN)
                    || scrape.contains(ADMIN), "no user names or secrets in metrics");
            metrics.close();
        }
    }
}
