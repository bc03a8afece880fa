package io.turnpike.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.turnpike.server.usage.UsageLedger;

/** Per-key usage gauges: one series per configured key id plus "other", so cardinality is bounded. */
final class UsageMetrics {
    private UsageMetrics() {
    }

    static void register(MeterRegistry registry, UsageLedger usage) {
        for (String key : usage.keyIds()) {
            bytes(registry, usage, key);
            Gauge.builder("turnpike.usage.allocations", usage, u -> u.allocationsThisMonth(key)).tag("key", key)
                    .description("Allocations created this calendar month (UTC), by API key").strongReference(true).register(registry);
            if (usage.quota(key).limited()) {
                Gauge.builder("turnpike.usage.quota", usage, u -> u.quota(key).monthlyBytes()).tag("key", key)
                        .baseUnit("bytes").description("Monthly relay quota, by API key").strongReference(true).register(registry);
                Gauge.builder("turnpike.usage.quota.used.ratio", usage, u -> u.quotaUsedRatio(key)).tag("key", key)
                        .description("Share of the monthly quota used (1 = spent), by API key").strongReference(true).register(registry);
            }
        }
        bytes(registry, usage, UsageLedger.OTHER);
        Gauge.builder("turnpike.cloudflare.reported", usage, UsageLedger::cloudflareBytesThisMonth).baseUnit("bytes")
                .description("Cloudflare TURN bytes this month, as reported by the application").strongReference(true).register(registry);
    }

    private static void bytes(MeterRegistry registry, UsageLedger usage, String key) {
        Gauge.builder("turnpike.usage", usage, u -> u.bytesThisMonth(key)).tag("key", key).baseUnit("bytes")
                .description("Bytes relayed this calendar month (UTC), by API key").strongReference(true).register(registry);
    }
}
