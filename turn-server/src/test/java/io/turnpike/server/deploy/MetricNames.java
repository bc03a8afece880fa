package io.turnpike.server.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.turnpike.server.events.TrafficCounters;
import io.turnpike.server.metrics.MetricSources;
import io.turnpike.server.metrics.TurnMetrics;
import io.turnpike.server.usage.Quota;
import io.turnpike.server.usage.UsageLedger;
import io.turnpike.server.usage.UsageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series Turnpike exports on {@code /metrics}, with their label names and the values
 * of their fixed-set labels, as scraped from a real {@link TurnMetrics} (with a usage ledger holding
 * one key with a quota, so the per-key series exist), plus Prometheus' own {@code up}. The
 * dashboard, the alert rules and the documents may use no other series, labels or label values.
 */
final class MetricNames {
    /** Labels whose values form a fixed set (events enums, STUN codes): a value a query names must exist. */
    private static final Set<String> FIXED_LABELS = Set.of("reason", "code", "transport", "direction");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Series name (as scraped) to its label names. */
    static final Map<String, Set<String>> SERIES;
    /** "series/label" to the values a fixed-set label takes. */
    static final Map<String, Set<String>> VALUES;

    static {
        Map<String, Set<String>> series = new HashMap<>();
        Map<String, Set<String>> values = new HashMap<>();
        read(scrape(), series, values);
        series.put("up", Set.of("job", "instance"));
        SERIES = frozen(series);
        VALUES = frozen(values);
    }

    /** Labels every scraped series gets from Prometheus' target. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    /** A metric name followed by an optional selector, e.g. {@code turnpike_x{a="b",c!~"d|e"}}. */
    private static final Pattern SELECTOR = Pattern.compile(
            "\\b((?:turnpike|jvm|netty|process|system)_[a-z0-9_]+|up)\\b(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    private MetricNames() {
    }

    /** What the server's registry prints, with every meter registered. */
    private static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("metric-names");
            try (UsageLedger usage = UsageLedger.open(dir, new UsageSettings("usage.json", Duration.ofHours(1), 1),
                    Map.of("webapp", new Quota(1_000_000, 0.8)), Clock.systemUTC());
                    TurnMetrics metrics = new TurnMetrics(registry, new TrafficCounters(), usage,
                            new MetricSources(() -> 1, () -> 1, Instant::now))) {
                // io.turnpike.server.http.ApiHandler registers this one at its first response.
                registry.counter("turnpike.http.responses", "status", "200");
                return registry.scrape();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Set<String>> frozen(Map<String, Set<String>> map) {
        Map<String, Set<String>> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return Map.copyOf(out);
    }

    private static void read(String scrape, Map<String, Set<String>> series, Map<String, Set<String>> values) {
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            String name = m.group(1);
            Set<String> labels = series.computeIfAbsent(name, s -> new TreeSet<>());
            if (m.group(3) == null) {
                continue;
            }
            Matcher l = LABEL.matcher(m.group(3));
            while (l.find()) {
                labels.add(l.group(1));
                if (name.startsWith("turnpike_") && FIXED_LABELS.contains(l.group(1))) {
                    values.computeIfAbsent(name + "/" + l.group(1), k -> new TreeSet<>()).add(l.group(2));
                }
            }
        }
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
