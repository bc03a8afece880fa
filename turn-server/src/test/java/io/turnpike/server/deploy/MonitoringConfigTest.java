package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/prometheus.yml, config/alerts.yml and config/grafana-dashboard.json: checked by promtool
 * (Debian package prometheus), the alert rules exercised by their unit tests, and every series
 * they use is one Turnpike exports ({@link MetricNames}).
 */
class MonitoringConfigTest {
    private static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)\\s*$");

    @TempDir
    Path dir;

    private static String promtool() {
        return DeployFiles.tool("promtool", "Debian package prometheus");
    }

    private static List<String> alertExpressions() {
        List<String> out = new ArrayList<>();
        Matcher m = EXPR.matcher(DeployFiles.read("config/alerts.yml"));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void promtoolAcceptsTheScrapeConfigAndTheRules() {
        DeployFiles.Result config = DeployFiles.run(List.of(promtool(), "check", "config", "config/prometheus.yml"),
                Map.of(), DeployFiles.root());
        assertEquals(0, config.exitCode(), config.all());
        assertTrue(config.all().contains("SUCCESS: 1 rule files found"), config.all());
        DeployFiles.Result rules = DeployFiles.run(List.of(promtool(), "check", "rules", "config/alerts.yml"),
                Map.of(), DeployFiles.root());
        assertEquals(0, rules.exitCode(), rules.all());
    }

    @Test
    void alertRulesPassTheirUnitTests() {
        DeployFiles.Result r = DeployFiles.run(List.of(promtool(), "test", "rules", "config/alerts.test.yml"),
                Map.of(), DeployFiles.root());
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().contains("SUCCESS"), r.all());
    }

    @Test
    void everyAlertHasAUnitTestThatMakesItFire() {
        String tests = DeployFiles.read("config/alerts.test.yml");
        Matcher m = ALERT.matcher(DeployFiles.read("config/alerts.yml"));
        int alerts = 0;
        while (m.find()) {
            alerts++;
            String name = m.group(1);
            Matcher fired = Pattern.compile("alertname: " + name + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels")
                    .matcher(tests);
            assertTrue(fired.find(), name + " is shown to fire in alerts.test.yml");
        }
        assertEquals(9, alerts);
    }

    @Test
    void alertsCoverWhatOperationsNeedWithRealSeries() {
        List<String> exprs = alertExpressions();
        for (String expr : exprs) {
            assertEquals(Set.of(), MetricNames.problems(expr), expr);
        }
        String all = String.join("\n", exprs);
        assertTrue(all.contains("up{job=\"turnpike\"} == 0"), "server down");
        assertTrue(all.contains("turnpike_usage_quota_used_ratio >= 0.8"), "quota at 80 %");
        assertTrue(all.contains("turnpike_allocations_refused_total"), "allocation failures");
        assertTrue(all.contains("turnpike_auth_failures_total"), "auth failure spikes");
        assertTrue(all.contains("turnpike_tls_certificate_expiry_seconds - time() < 14 * 86400"), "certificate expiry");
        // The scrape job the alerts select is the one prometheus.yml defines.
        assertTrue(DeployFiles.read("config/prometheus.yml").contains("- job_name: turnpike"));
    }

    @Test
    void scrapeTargetIsTheDefaultHttpListener() {
        var http = ReferenceConfig.load().resolved().getConfig("turnpike.http");
        String prometheus = DeployFiles.read("config/prometheus.yml");
        assertTrue(prometheus.contains("targets: [\"127.0.0.1:" + http.getInt("port") + "\"]"), "default port");
        assertTrue(prometheus.contains("scheme: " + (http.getBoolean("tls") ? "https" : "http")), "default scheme");
        assertTrue(prometheus.contains("metrics_path: /metrics"));
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DeployFiles.path("config/grafana-dashboard.json").toFile());
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                out.add(target.get("expr").asText());
            }
        }
        return out;
    }

    @Test
    void dashboardShowsWhatTheIssueAsksWithRealSeries() throws IOException {
        JsonNode d = dashboard();
        Set<String> titles = new TreeSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.get("panels")) {
            titles.add(panel.get("title").asText());
            assertTrue(ids.add(panel.get("id").asInt()), "unique panel ids");
            assertEquals("${DS_PROMETHEUS}", panel.get("datasource").get("uid").asText(), "datasource chosen at import");
        }
        assertTrue(titles.containsAll(Set.of("Active allocations", "Relayed bandwidth by transport",
                "Authentication failures by reason", "Up (scrape of /metrics)", "Monthly quota used by key")), titles.toString());
        List<String> exprs = dashboardExpressions();
        for (String expr : exprs) {
            assertEquals(Set.of(), MetricNames.problems(expr), expr);
        }
        String all = String.join("\n", exprs);
        assertTrue(all.contains("sum by (transport) (rate(turnpike_relay_bytes_total"), "bandwidth by transport");
        assertTrue(all.contains("turnpike_usage_quota_used_ratio"), "quota use");
        assertEquals("DS_PROMETHEUS", d.get("__inputs").get(0).get("name").asText());
    }

    @Test
    void dashboardQueriesAreValidPromQl() throws IOException {
        // promtool validates PromQL in rule files: wrap each panel query in a recording rule, with
        // Grafana's $__rate_interval replaced by a concrete range.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expr : dashboardExpressions()) {
            rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: '")
                    .append(expr.replace("$__rate_interval", "1m").replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
        DeployFiles.Result r = DeployFiles.run(List.of(promtool(), "check", "rules", file.toString()), Map.of(), dir);
        assertEquals(0, r.exitCode(), r.all() + "\n" + rules);
        assertTrue(r.all().contains("SUCCESS: " + n + " rules found"), r.all());
        assertFalse(n < 12, "every panel's query checked");
    }
}
