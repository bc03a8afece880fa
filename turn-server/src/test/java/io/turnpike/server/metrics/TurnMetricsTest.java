package io.turnpike.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Direction;
import io.turnpike.server.events.DropReason;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.events.Transport;
import io.turnpike.server.usage.MutableClock;
import io.turnpike.server.usage.Quota;
import io.turnpike.server.usage.UsageLedger;
import io.turnpike.server.usage.UsageSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnMetricsTest {
    private static final String USERNAME = "1900000000:k1:secret-user-tag";
    private static final Instant EXPIRY = Instant.parse("2027-02-01T00:00:00Z");

    @TempDir
    Path dir;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TrafficCounters traffic = new TrafficCounters();
    private UsageLedger usage;
    private TurnMetrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        usage = UsageLedger.open(dir, new UsageSettings("usage.json", Duration.ofHours(1), 1),
                Map.of("k1", new Quota(1000, 0.8)), new MutableClock(Instant.parse("2026-11-15T00:00:00Z")));
        // Suppliers bound to objects nothing else references: a weakly held gauge would lose them.
        metrics = new TurnMetrics(registry, traffic, usage, new MetricSources(new AtomicLong(7)::get, new AtomicLong(993)::get,
                new AtomicReference<>(EXPIRY)::get));
    }

    @AfterEach
    void tearDown() throws Exception {
        metrics.close();
        usage.close();
    }

    /** The value of the series {@code name{labels}} in the scrape (labels as Prometheus prints them). */
    private double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), "no series " + series + " in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void lifecycleEventsAndTrafficShowUpWithBoundedLabels() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 40000);
        AllocationInfo alloc = new AllocationInfo(1, USERNAME, "k1", "k1:secret-user-tag", a, a, Transport.UDP, 0);
        metrics.allocationCreated(alloc);
        metrics.allocationCreated(alloc);
        metrics.allocationClosed(alloc, CloseReason.EXPIRED, 10, 20);
        metrics.allocationRefused(508);
        metrics.allocationRefused(999);
        metrics.authFailure(AuthFailure.STALE_NONCE);
        metrics.permissionCreated();
        metrics.channelBound();
        metrics.channelBound();
        metrics.channelRemoved();
        traffic.relayed(Direction.CLIENT_TO_PEER, Transport.TCP, 100);
        traffic.relayed(Direction.CLIENT_TO_PEER, Transport.TCP, 50);
        traffic.dropped(DropReason.NO_PERMISSION);
        traffic.paced(1_500_000_000L);
        usage.add("k1", 850);
        usage.add("someone", 5);

        String s = registry.scrape();
        assertEquals(1, value(s, "turnpike_allocations_active"));
        assertEquals(2, value(s, "turnpike_allocations_started_total"));
        assertEquals(1, value(s, "turnpike_allocations_closed_total{reason=\"expired\"}"));
        assertEquals(1, value(s, "turnpike_allocations_refused_total{code=\"508\"}"));
        assertEquals(1, value(s, "turnpike_allocations_refused_total{code=\"other\"}"));
        assertEquals(1, value(s, "turnpike_auth_failures_total{reason=\"stale_nonce\"}"));
        assertEquals(1, value(s, "turnpike_permissions_active"));
        assertEquals(1, value(s, "turnpike_channels_active"));
        assertEquals(2, value(s, "turnpike_relay_packets_total{direction=\"client_to_peer\",transport=\"tcp\"}"));
        assertEquals(150, value(s, "turnpike_relay_bytes_total{direction=\"client_to_peer\",transport=\"tcp\"}"));
        assertEquals(0, value(s, "turnpike_relay_bytes_total{direction=\"peer_to_client\",transport=\"udp\"}"));
        assertEquals(1, value(s, "turnpike_packets_dropped_total{reason=\"no_permission\"}"));
        assertEquals(1.5, value(s, "turnpike_relay_tcp_paced_seconds_total"), 1e-9, "TCP pacing is time, not drops");
        assertEquals(7, value(s, "turnpike_relay_ports_in_use"));
        assertEquals(993, value(s, "turnpike_relay_ports_free"));
        assertEquals(EXPIRY.getEpochSecond(), value(s, "turnpike_tls_certificate_expiry_seconds"));
        assertEquals(850, value(s, "turnpike_usage_bytes{key=\"k1\"}"));
        assertEquals(5, value(s, "turnpike_usage_bytes{key=\"other\"}"));
        assertEquals(0.85, value(s, "turnpike_usage_quota_used_ratio{key=\"k1\"}"), 1e-9);
        assertTrue(s.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(s.contains("jvm_gc_"), "GC metrics");
        assertTrue(s.contains("jvm_threads_live_threads"), "thread metrics");
        assertTrue(s.contains("process_uptime_seconds"), "uptime");
        assertTrue(s.contains("system_cpu_count"), "processor metrics");
        assertTrue(s.contains("netty_allocator_memory_used_bytes{allocator=\"pooled\",memory=\"direct\"}"), "Netty");
        assertFalse(s.contains("secret-user-tag"), "no user names in labels");
        assertFalse(s.contains("someone"), "unknown owners are folded into other");
    }

    @Test
    void suppliersStayReadableAfterGarbageCollection() {
        System.gc();
        assertEquals(7, value(registry.scrape(), "turnpike_relay_ports_in_use"),
                "gauges hold their suppliers strongly");
    }
}
