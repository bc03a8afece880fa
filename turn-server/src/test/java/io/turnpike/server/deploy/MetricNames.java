package io.turnpike.server.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series Turnpike exports on {@code /metrics}, with their label names, as registered
 * by {@code io.turnpike.server.metrics.TurnMetrics} and {@code UsageMetrics} (branch http; see
 * docs/http-api.md) plus Prometheus' own {@code up}. The dashboard, the alert rules and the guides
 * may use no other series.
 *
 * <p>After the merge this table should come from the real registry instead of being written out:
 * build {@code new TurnMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new
 * TrafficCounters(), ledger, sources)} with a usage ledger holding one key with a quota, scrape it,
 * and collect the series names and label names; only {@link #SERIES} needs replacing.
 */
final class MetricNames {
    /** Series name (as scraped) to its label names. */
    static final Map<String, Set<String>> SERIES = Map.ofEntries(
            Map.entry("up", Set.of("job", "instance")),
            Map.entry("turnpike_allocations_active", Set.of()),
            Map.entry("turnpike_permissions_active", Set.of()),
            Map.entry("turnpike_channels_active", Set.of()),
            Map.entry("turnpike_allocations_started_total", Set.of()),
            Map.entry("turnpike_allocations_refused_total", Set.of("code")),
            Map.entry("turnpike_allocations_closed_total", Set.of("reason")),
            Map.entry("turnpike_auth_failures_total", Set.of("reason")),
            Map.entry("turnpike_relay_packets_total", Set.of("direction", "transport")),
            Map.entry("turnpike_relay_bytes_total", Set.of("direction", "transport")),
            Map.entry("turnpike_packets_dropped_total", Set.of("reason")),
            Map.entry("turnpike_relay_tcp_paced_seconds_total", Set.of()),
            Map.entry("turnpike_relay_ports_in_use", Set.of()),
            Map.entry("turnpike_relay_ports_free", Set.of()),
            Map.entry("turnpike_tls_certificate_expiry_seconds", Set.of()),
            Map.entry("turnpike_usage_bytes", Set.of("key")),
            Map.entry("turnpike_usage_allocations", Set.of("key")),
            Map.entry("turnpike_usage_quota_bytes", Set.of("key")),
            Map.entry("turnpike_usage_quota_used_ratio", Set.of("key")),
            Map.entry("turnpike_cloudflare_reported_bytes", Set.of()),
            Map.entry("turnpike_http_responses_total", Set.of("status")),
            Map.entry("jvm_memory_used_bytes", Set.of("area", "id")),
            Map.entry("netty_allocator_memory_used_bytes", Set.of("allocator", "memory")));

    /** Label values with a fixed set (the events enums' labels; STUN codes TurnMetrics counts). */
    static final Map<String, Set<String>> VALUES = Map.of(
            "turnpike_auth_failures_total/reason",
            Set.of("challenge", "unknown_user", "bad_integrity", "stale_nonce", "expired", "revoked", "malformed"),
            "turnpike_packets_dropped_total/reason",
            Set.of("no_permission", "unbound_channel", "quota", "filter", "malformed", "no_allocation", "rate_limited"),
            "turnpike_allocations_closed_total/reason",
            Set.of("expired", "deleted", "connection_closed", "revoked", "shutdown"),
            "turnpike_allocations_refused_total/code",
            Set.of("400", "401", "403", "420", "437", "438", "440", "441", "442", "486", "500", "508", "other"),
            "turnpike_relay_bytes_total/transport", Set.of("udp", "tcp", "tls"),
            "turnpike_relay_bytes_total/direction", Set.of("client_to_peer", "peer_to_client"));

    /** Labels every scraped series gets from Prometheus' target. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    /** A metric name followed by an optional selector, e.g. {@code turnpike_x{a="b",c!~"d|e"}}. */
    private static final Pattern SELECTOR = Pattern.compile(
            "\\b((?:turnpike|jvm|netty|process|system)_[a-z0-9_]+|up)\\b(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    private MetricNames() {
    }

    /**
     * Problems with the series and label matchers used in a PromQL expression (empty when fine):
     * unknown series, unknown label names, label values outside a fixed set.
     */
    static Set<String> problems(String promql) {
        Set<String> problems = new TreeSet<>();
        Matcher m = SELECTOR.matcher(promql);
        while (m.find()) {
            String series = m.group(1);
            Set<String> labels = SERIES.get(series);
            if (labels == null) {
                problems.add("unknown series " + series);
                continue;
            }
            if (m.group(3) == null) {
                continue;
            }
            Matcher l = MATCHER.matcher(m.group(3));
            while (l.find()) {
                String label = l.group(1);
                if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
                    problems.add(series + " has no label " + label);
                }
                Set<String> values = VALUES.get(series + "/" + label);
                if (values != null) {
                    for (String v : l.group(3).split("\\|")) {
                        if (!values.contains(v)) {
                            problems.add(series + "{" + label + "} never has the value " + v);
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** Every Turnpike series named in {@code text}. */
    static Set<String> seriesIn(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = SELECTOR.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("up")) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
