package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guides' snippets stay true: every fenced block is checked by what understands its language
 * (typesafe config over the reference, Jackson, shellcheck, node, promtool), and the names the
 * guides use (keys, variables, series, alerts, API paths, files) exist.
 */
class GuideSnippetsTest {
    static final List<String> GUIDES = List.of("docs/deploy-cloud-vm.md", "docs/beside-cloudflare.md",
            "docs/troubleshooting.md");
    private static final Set<String> CHECKED_LANGUAGES = Set.of("hocon", "json", "sh", "js", "ini", "promql");

    /** Turnpike's HTTP API (docs/http-api.md): method and path pattern. */
    static final List<Pattern> API = List.of(
            Pattern.compile("POST /v1/turn/keys/[^/]+/credentials/generate-ice-servers"),
            Pattern.compile("POST /v1/turn/keys/[^/]+/credentials/generate"),
            Pattern.compile("POST /v1/turn/keys/[^/]+/credentials/[^/]+/revoke"),
            Pattern.compile("GET /v1/usage"),
            Pattern.compile("POST /v1/usage/cloudflare"),
            Pattern.compile("POST /v1/admin/drain"),
            Pattern.compile("GET /ice-test.js"),
            Pattern.compile("GET /(metrics|health|ready)?"));

    /** Asterisk options the guides set: rtp.conf [general] and a PJSIP endpoint. */
    private static final Set<String> ASTERISK_OPTIONS = Set.of("rtpstart", "rtpend", "icesupport", "stunaddr",
            "turnaddr", "turnusername", "turnpassword", "type", "webrtc", "ice_support", "rtp_symmetric",
            "force_rport", "rewrite_contact", "direct_media");

    private static final Pattern CURL_URL = Pattern.compile("\"https?://[^/\"]+:(\\d+)(/[^\"]*)\"");
    private static final Pattern KEY_MENTION = Pattern.compile(
            "`((?:turnpike\\.)?(?:listen|relay|allocation|auth|tls|security|http|usage)\\.[a-z0-9.-]*[a-z0-9])[`/ ]");
    private static final Pattern ALERT_MENTION = Pattern.compile("`(Turnpike[A-Z][A-Za-z]+)`");
    private static final Pattern FILE_MENTION = Pattern.compile("`((?:config|docker)/[A-Za-z0-9._/-]+)`");

    @TempDir
    Path dir;

    private static List<DeployFiles.Block> blocks(String... langs) {
        List<DeployFiles.Block> all = new ArrayList<>();
        for (String guide : GUIDES) {
            all.addAll(DeployFiles.blocks(guide, langs));
        }
        return all;
    }

    private static String guidesText() {
        StringBuilder b = new StringBuilder();
        for (String guide : GUIDES) {
            b.append(DeployFiles.read(guide)).append('\n');
        }
        return b.toString();
    }

    @Test
    void everyBlockIsInALanguageThisTestChecks() {
        List<DeployFiles.Block> all = blocks();
        assertTrue(all.size() >= 20, "the guides have their snippets: " + all.size());
        for (DeployFiles.Block b : all) {
            assertTrue(CHECKED_LANGUAGES.contains(b.lang()), b + " has a checked language");
        }
    }

    @Test
    void hoconBlocksParseOverTheReferenceAndUseOnlyRealKeys() {
        ReferenceConfig reference = ReferenceConfig.load();
        List<DeployFiles.Block> hocon = blocks("hocon");
        assertTrue(hocon.size() >= 5);
        for (DeployFiles.Block b : hocon) {
            Config snippet = ConfigFactory.parseString(b.body());
            assertFalse(snippet.isEmpty(), b.toString());
            assertEquals(Set.of(), reference.unknownKeys(snippet), b.toString());
            Config c = reference.with(snippet, Map.of("PBX_TURN_PASSWORD", "pbx-password")).getConfig("turnpike");
            if (snippet.hasPath("turnpike.auth.static-users")) {
                Config user = c.getConfigList("auth.static-users").get(0);
                assertEquals(Set.of("username", "password"), user.root().keySet(), b.toString());
            }
        }
    }

    @Test
    void jsonBlocksParseAndIceServerUrlsAreWellFormed() throws IOException {
        Config ref = ReferenceConfig.load().resolved().getConfig("turnpike.listen");
        Pattern url = Pattern.compile("^(stun|turn|turns):([a-z0-9.-]+):(\\d+)(\\?transport=(udp|tcp))?$");
        int urls = 0;
        for (DeployFiles.Block b : blocks("json")) {
            JsonNode json = new ObjectMapper().readTree(b.body());
            for (JsonNode server : json.get("iceServers")) {
                for (JsonNode u : server.get("urls")) {
                    Matcher m = url.matcher(u.asText());
                    assertTrue(m.matches(), b + ": " + u);
                    urls++;
                    boolean turn = !m.group(1).equals("stun");
                    assertEquals(turn, server.has("username") && server.has("credential"), b + ": TURN needs credentials");
                    if (m.group(1).equals("turns")) {
                        assertEquals("tcp", m.group(5), "TLS runs over TCP");
                    }
                    if (m.group(2).equals("turn.example.com")) {
                        int expected = m.group(1).equals("turns") ? ref.getInt("tls-port")
                                : "tcp".equals(m.group(5)) ? ref.getInt("tcp-port") : ref.getInt("udp-port");
                        assertEquals(expected, Integer.parseInt(m.group(3)), b + ": Turnpike's default port for " + u);
                    }
                }
            }
        }
        assertEquals(11, urls, "URLs checked");
    }

    @Test
    void shellBlocksPassShellcheck() throws IOException {
        String shellcheck = DeployFiles.tool("shellcheck", "Debian package shellcheck");
        for (DeployFiles.Block b : blocks("sh")) {
            Path file = Files.writeString(dir.resolve("snippet.sh"), b.body());
            DeployFiles.assertClean(DeployFiles.run(List.of(shellcheck, "--shell=bash", file.toString()), Map.of(), dir),
                    "shellcheck of " + b);
        }
    }

    @Test
    void curlCommandsCallTurnpikesApiOnItsPort() {
        int httpPort = ReferenceConfig.load().resolved().getInt("turnpike.http.port");
        int calls = 0;
        for (DeployFiles.Block b : blocks("sh")) {
            String body = b.body().replace("\\\n", " ");
            for (String line : body.split("\n")) {
                if (!line.contains("curl ")) {
                    continue;
                }
                Matcher m = Pattern.compile("https?://[^/\\s\"]+:(\\d+)(/[^\"\\s]*)").matcher(line);
                assertTrue(m.find(), b + ": " + line);
                assertEquals(httpPort, Integer.parseInt(m.group(1)), line);
                String method = line.contains("-X POST") ? "POST" : "GET";
                String request = method + " " + m.group(2).replace("$key_id", "webapp");
                assertTrue(API.stream().anyMatch(p -> p.matcher(request).matches()), b + ": " + request + " is an API path");
                if (method.equals("POST")) {
                    Matcher data = Pattern.compile("-d '([^']*)'").matcher(line);
                    assertTrue(data.find(), line);
                    assertTrue(data.group(1).matches("\\{\"ttl\": \\d+}"), "a JSON body with a ttl: " + data.group(1));
                }
                calls++;
            }
        }
        assertTrue(calls >= 4, "curl calls checked: " + calls);
        assertTrue(CURL_URL.matcher(DeployFiles.read("docs/beside-cloudflare.md")).find());
    }

    @Test
    void firewallRulesOpenExactlyTurnpikesPorts() {
        Config ref = ReferenceConfig.load().resolved().getConfig("turnpike");
        String range = ref.getInt("relay.min-port") + "-" + ref.getInt("relay.max-port");
        String text = blocks("sh").stream().map(DeployFiles.Block::body).filter(b -> b.contains("az network nsg"))
                .findFirst().orElseThrow();
        Set<String> nsg = new TreeSet<>();
        Matcher m = Pattern.compile("--destination-port-ranges ([0-9 -]+)").matcher(text);
        while (m.find()) {
            nsg.addAll(List.of(m.group(1).trim().split(" ")));
        }
        Set<String> expected = new TreeSet<>(List.of(Integer.toString(ref.getInt("listen.udp-port")),
                Integer.toString(ref.getInt("listen.tls-port")), range, Integer.toString(ref.getInt("http.port")), "80"));
        assertEquals(expected, nsg);
        String ufw = blocks("sh").stream().map(DeployFiles.Block::body).filter(b -> b.contains("ufw allow"))
                .findFirst().orElseThrow();
        assertTrue(ufw.contains("ufw allow " + range.replace('-', ':') + "/udp"));
        assertTrue(ufw.contains("ufw allow " + ref.getInt("listen.udp-port") + "/udp"));
        assertTrue(ufw.contains("ufw allow " + ref.getInt("listen.tcp-port") + "/tcp"));
        assertTrue(ufw.contains("ufw allow " + ref.getInt("listen.tls-port") + "/tcp"));
        assertTrue(ufw.contains("port " + ref.getInt("http.port")));
    }

    @Test
    void javaScriptBlocksAreValidModules() throws IOException {
        String node = DeployFiles.tool("node", "Debian package nodejs");
        List<DeployFiles.Block> js = blocks("js");
        assertEquals(2, js.size());
        for (DeployFiles.Block b : js) {
            Path file = Files.writeString(dir.resolve("snippet.mjs"), b.body());
            DeployFiles.assertClean(DeployFiles.run(List.of(node, "--check", file.toString()), Map.of(), dir),
                    "node --check of " + b);
        }
        String route = js.get(0).body();
        assertTrue(route.contains("/v1/turn/keys/${keyId}/credentials/generate-ice-servers"));
        assertTrue(route.contains("res.status !== 201"), "Turnpike and Cloudflare answer 201");
        assertTrue(route.contains("export const dynamic = 'force-dynamic';"), "never a credential baked in at build time");
        assertTrue(js.get(1).body().contains("pcConfig: { iceServers:"), "JsSIP takes iceServers in pcConfig");
    }

    @Test
    void asteriskBlocksUseRealOptions() {
        List<DeployFiles.Block> ini = blocks("ini");
        assertEquals(2, ini.size());
        for (DeployFiles.Block b : ini) {
            for (String line : b.body().split("\n")) {
                if (line.isBlank() || line.startsWith("[")) {
                    continue;
                }
                String key = line.split("=", 2)[0];
                assertTrue(ASTERISK_OPTIONS.contains(key), b + ": " + key);
            }
        }
    }

    @Test
    void promqlBlocksUseRealSeriesAndParse() throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: guides\n    rules:\n");
        int n = 0;
        for (DeployFiles.Block b : blocks("promql")) {
            String expr = b.body().strip();
            assertEquals(Set.of(), MetricNames.problems(expr), b.toString());
            rules.append("      - record: guide_query_").append(n++).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        assertTrue(n >= 4);
        Path file = Files.writeString(dir.resolve("guide-rules.yml"), rules);
        DeployFiles.Result r = DeployFiles.run(List.of(DeployFiles.tool("promtool", "Debian package prometheus"),
                "check", "rules", file.toString()), Map.of(), dir);
        assertEquals(0, r.exitCode(), r.all());
    }

    @Test
    void namesInTheProseExist() {
        String text = guidesText();
        assertEquals(Set.of(), unknown(MetricNames.seriesIn(text), MetricNames.SERIES.keySet()), "series");
        Set<String> variables = new TreeSet<>();
        Matcher v = Pattern.compile("\\bTURNPIKE_[A-Z0-9_]+\\b").matcher(text);
        while (v.find()) {
            variables.add(v.group());
        }
        assertEquals(Set.of(), unknown(variables, EnvironmentVariables.known()), "environment variables");
        Config reference = ReferenceConfig.load().resolved();
        Set<String> keys = new TreeSet<>();
        Matcher k = KEY_MENTION.matcher(text);
        while (k.find()) {
            String key = k.group(1).startsWith("turnpike.") ? k.group(1) : "turnpike." + k.group(1);
            if (!reference.hasPathOrNull(key)) {
                keys.add(key);
            }
        }
        assertEquals(Set.of(), keys, "configuration keys named in the prose");
        String alerts = DeployFiles.read("config/alerts.yml");
        Matcher a = ALERT_MENTION.matcher(text);
        while (a.find()) {
            assertTrue(alerts.contains("- alert: " + a.group(1) + "\n"), a.group(1));
        }
        Matcher f = FILE_MENTION.matcher(text);
        while (f.find()) {
            assertTrue(Files.exists(DeployFiles.path(f.group(1))), f.group(1));
        }
    }

    @Test
    void dockerVariableTableListsEveryVariable() {
        String guide = DeployFiles.read("docs/deploy-cloud-vm.md");
        String table = guide.substring(guide.indexOf("| variable | sets |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("`(TURNPIKE_[A-Z0-9_]+)`").matcher(table);
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(EnvironmentVariables.known(), listed);
    }

    private static Set<String> unknown(Set<String> used, Set<String> known) {
        Set<String> out = new TreeSet<>(used);
        out.removeAll(known);
        return out;
    }
}
