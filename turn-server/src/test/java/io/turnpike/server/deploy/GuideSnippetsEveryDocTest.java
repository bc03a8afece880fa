package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@link GuideSnippetsTest} checks for the deployment guides, for every user-facing document
 * (README.md, SECURITY.md, docs/*.md): the configuration keys, environment variables, Prometheus
 * series and label values, API paths and linked files they name exist, HOCON blocks use only real
 * keys, and the defaults in configuration tables are the reference's. Operators copy these names
 * literally, so a renamed or invented key fails the build here.
 *
 * <p>Only names the documents mark as code (backticks) or put in HOCON/PromQL blocks are checked, so
 * prose cannot cause a false alarm. docs/performance.md is left out: it records measurements of
 * branches that were not merged, with their own keys.
 */
class GuideSnippetsEveryDocTest {
    /** Text marked as code; its first word (up to whitespace, '=', '/', '(' or ',') may be a key. */
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
    /** Code spans that are file names, not keys: turnpike.conf, usage.json, api-keys.json, ... */
    private static final Pattern FILE_NAME = Pattern.compile(
            ".*\\.(conf|example|jar|service|env|json|md|options|token|pem|ya?ml|sh|js|html|org|com)$");
    /** A heading naming the configuration section its tables describe, e.g. "## Configuration (`turnpike.auth`)". */
    private static final Pattern SECTION_HEADING =
            Pattern.compile("(?m)^#+ .*\\(`(turnpike(?:\\.[a-z0-9-]+)*)`\\)\\s*$");
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\|([^|\\n]*)\\|([^|\\n]*)\\|.*$");
    /** A default cell holding one value, maybe with a note in brackets: "`off`", "`0` (no cap)". */
    private static final Pattern SINGLE_DEFAULT = Pattern.compile("\\s*`([^`]*)`\\s*(\\(.*\\))?\\s*");
    private static final Pattern API_SPAN = Pattern.compile("`((?:GET|POST|PUT|DELETE) /[^`\\s]*)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([A-Za-z0-9._/-]+)(#[^)]*)?\\)");

    private static List<String> documents() {
        List<String> docs = new ArrayList<>(List.of("README.md", "SECURITY.md"));
        try (Stream<Path> files = Files.list(DeployFiles.path("docs"))) {
            files.map(p -> "docs/" + p.getFileName()).filter(n -> n.endsWith(".md"))
                    .filter(n -> !n.equals("docs/performance.md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(docs.size() >= 10, "documents found: " + docs);
        return docs;
    }

    /** The top-level sections of turnpike (listen, relay, http, ...): a relative key starts with one. */
    private static Set<String> sections(Config reference) {
        Set<String> out = new TreeSet<>();
        reference.getConfig("turnpike").root().forEach((k, v) -> {
            if (v instanceof ConfigObject) {
                out.add(k);
            }
        });
        return out;
    }

    @Test
    void hoconBlocksUseOnlyRealKeys() {
        ReferenceConfig reference = ReferenceConfig.load();
        int n = 0;
        for (String doc : documents()) {
            for (DeployFiles.Block b : DeployFiles.blocks(doc, "hocon")) {
                Config snippet = ConfigFactory.parseString(b.body());
                assertFalse(snippet.isEmpty(), b.toString());
                assertEquals(Set.of(), reference.unknownKeys(snippet), b + " sets keys that do not exist");
                reference.with(snippet, Map.of()); // resolves: every substitution has a fallback
                n++;
            }
        }
        assertTrue(n >= 10, "HOCON blocks checked: " + n);
    }

    @Test
    void keysNamedAsCodeExist() {
        Config reference = ReferenceConfig.load().resolved();
        Set<String> sections = sections(reference);
        Set<String> unknown = new TreeSet<>();
        int checked = 0;
        for (String doc : documents()) {
            Matcher m = CODE_SPAN.matcher(DeployFiles.read(doc));
            while (m.find()) {
                String word = m.group(1).strip().split("[\\s=/(,]", 2)[0];
                if (!KEY.matcher(word).matches() || FILE_NAME.matcher(word).matches()) {
                    continue;
                }
                String path = word.startsWith("turnpike.") ? word
                        : sections.contains(word.substring(0, word.indexOf('.'))) ? "turnpike." + word : null;
                if (path == null) {
                    continue;
                }
                checked++;
                if (!reference.hasPathOrNull(path)) {
                    unknown.add(doc + ": `" + word + "`");
                }
            }
        }
        assertEquals(Set.of(), unknown, "configuration keys named in the documents");
        assertTrue(checked >= 50, "key mentions checked: " + checked);
    }

    @Test
    void configurationTablesNameRealKeysWithTheirDefaults() {
        Config reference = ReferenceConfig.load().resolved();
        List<String> problems = new ArrayList<>();
        int rows = 0;
        for (String doc : documents()) {
            String text = DeployFiles.read(doc);
            Matcher h = SECTION_HEADING.matcher(text);
            while (h.find()) {
                int end = text.indexOf("\n#", h.end());
                String section = text.substring(h.end(), end < 0 ? text.length() : end);
                Matcher row = TABLE_ROW.matcher(section);
                while (row.find()) {
                    List<String> keys = new ArrayList<>();
                    Matcher k = CODE_SPAN.matcher(row.group(1));
                    while (k.find()) {
                        keys.add(h.group(1) + "." + k.group(1));
                    }
                    if (keys.isEmpty()) {
                        continue; // header or separator row
                    }
                    rows++;
                    for (String key : keys) {
                        if (!reference.hasPathOrNull(key)) {
                            problems.add(doc + ": no key " + key);
                        }
                    }
                    Matcher d = SINGLE_DEFAULT.matcher(row.group(2));
                    if (keys.size() == 1 && d.matches() && reference.hasPath(keys.get(0))) {
                        String actual = reference.getValue(keys.get(0)).render(ConfigRenderOptions.concise());
                        if (!normal(actual).equals(normal(d.group(1)))) {
                            problems.add(doc + ": " + keys.get(0) + " defaults to " + actual + ", not " + d.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(rows >= 8, "configuration table rows checked: " + rows);
    }

    /** A value without quotes and blanks, so `""` matches "" and `["a", "b"]` matches ["a","b"]. */
    private static String normal(String value) {
        return value.replace("\"", "").replaceAll("\\s", "");
    }

    @Test
    void variablesSeriesPathsAndFilesNamedExist() {
        Set<String> problems = new TreeSet<>();
        Set<String> variables = EnvironmentVariables.known();
        for (String doc : documents()) {
            String text = DeployFiles.read(doc);
            Matcher v = Pattern.compile("\\bTURNPIKE_[A-Z0-9_]+\\b").matcher(text);
            while (v.find()) {
                if (!variables.contains(v.group())) {
                    problems.add(doc + ": no environment variable " + v.group());
                }
            }
            for (String series : MetricNames.seriesIn(text)) {
                if (!MetricNames.SERIES.containsKey(series)) {
                    problems.add(doc + ": no series " + series);
                }
            }
            Matcher c = CODE_SPAN.matcher(text);
            while (c.find()) {
                MetricNames.problems(c.group(1)).forEach(p -> problems.add(doc + ": " + p));
            }
            for (DeployFiles.Block b : DeployFiles.blocks(doc, "promql")) {
                MetricNames.problems(b.body()).forEach(p -> problems.add(b + ": " + p));
            }
            Matcher api = API_SPAN.matcher(text);
            while (api.find()) {
                String request = api.group(1);
                if (GuideSnippetsTest.API.stream().noneMatch(p -> p.matcher(request).matches())) {
                    problems.add(doc + ": no API endpoint " + request);
                }
            }
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                Path target = DeployFiles.path(doc).getParent().resolve(link.group(1));
                if (!Files.exists(target)) {
                    problems.add(doc + ": broken link " + link.group(1));
                }
            }
        }
        assertEquals(Set.of(), problems);
    }
}
