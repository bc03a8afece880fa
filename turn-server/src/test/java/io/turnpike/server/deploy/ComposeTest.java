package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml, by its lines (no YAML parser is a dependency and no Docker engine runs
 * here): host networking with the reason given, Prometheus beside Turnpike with the checked config.
 */
class ComposeTest {
    private static final String COMPOSE = "docker/compose.yaml";

    @Test
    void bothServicesUseHostNetworkingAndSayWhy() {
        String compose = DeployFiles.read(COMPOSE);
        assertEquals(2, compose.split("\n    network_mode: host\n", -1).length - 1, "turnpike and prometheus");
        for (String reason : new String[] {"UDP port per allocation", "docker-proxy", "real address"}) {
            assertTrue(compose.contains(reason), "the comment explains: " + reason);
        }
        assertTrue(compose.contains("  turnpike:\n") && compose.contains("  prometheus:\n"));
    }

    @Test
    void mountsAndBuildPointAtFilesThatExist() {
        String compose = DeployFiles.read(COMPOSE);
        assertTrue(compose.contains("context: ..\n      dockerfile: docker/Dockerfile\n"));
        Matcher m = Pattern.compile("(?m)^\\s*(?:# )?- (\\.\\./[^:]+):").matcher(compose);
        Set<String> mounted = new TreeSet<>();
        while (m.find()) {
            mounted.add(m.group(1));
            assertTrue(Files.isRegularFile(DeployFiles.path("docker").resolve(m.group(1)).normalize()), m.group(1));
        }
        assertTrue(mounted.containsAll(Set.of("../config/prometheus.yml", "../config/alerts.yml")), mounted.toString());
        assertTrue(compose.contains("- turnpike-data:/var/lib/turnpike\n"), "the image's data volume");
        // prometheus.yml names alerts.yml relative to itself: both are mounted side by side.
        assertTrue(compose.contains(":/etc/prometheus/prometheus.yml:ro") && compose.contains(":/etc/prometheus/alerts.yml:ro"));
        assertTrue(compose.contains("--web.listen-address=127.0.0.1:9090"), "Prometheus stays on loopback");
    }

    @Test
    void everyVariableIsOneTheServerOrTheEntryScriptReads() {
        Set<String> known = new TreeSet<>(ReferenceConfig.load().environmentVariables());
        known.addAll(EnvironmentVariables.mappedByEntrypoint());
        Matcher m = Pattern.compile("(?m)^      (TURNPIKE_[A-Z0-9_]+):").matcher(DeployFiles.read(COMPOSE));
        int n = 0;
        while (m.find()) {
            n++;
            assertTrue(known.contains(m.group(1)), m.group(1) + " is read by reference.conf or docker/entrypoint.sh");
        }
        assertTrue(n >= 4);
    }
}
