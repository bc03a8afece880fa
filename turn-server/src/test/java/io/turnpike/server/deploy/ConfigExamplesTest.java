package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration files in config/: each parses over the reference configuration, names only keys
 * that exist, and gives the values it promises. turnpike.conf.example lists every key with its real
 * default, so a key added to or changed in reference.conf without updating the example fails here.
 */
class ConfigExamplesTest {
    /** A commented-out setting of the example: "# key = value". Prose never starts "lowercase-word =". */
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^(\\s*)# ([a-z][a-z0-9-]*\\s*=\\s*.*)$");
    private static final Pattern ENV_NAME = Pattern.compile("\\bTURNPIKE_[A-Z0-9_]+\\b");
    /** Fields of one turnpike.http.keys entry (turnpike-http.conf documents them in a comment). */
    private static final Set<String> KEY_FIELDS = Set.of("id", "token", "token-file", "monthly-quota-bytes", "warn-at");

    @TempDir
    Path dir;

    private static Config parse(String relative) {
        return ConfigFactory.parseFile(DeployFiles.path(relative).toFile());
    }

    @Test
    void productionExampleGivesTheCloudVmSettings() {
        ReferenceConfig reference = ReferenceConfig.load();
        Config file = parse("config/production-azure.conf");
        assertEquals(Set.of(), reference.unknownKeys(file), "only real keys");
        Config c = reference.with(file, Map.of()).getConfig("turnpike");
        assertEquals("turn.example.com", c.getString("realm"));
        assertEquals("turn.example.com", c.getString("public-host"));
        assertEquals("203.0.113.10", c.getString("relay.public-address"));
        assertEquals("0.0.0.0", c.getString("relay.bind-address"));
        assertEquals(49152, c.getInt("relay.min-port"));
        assertEquals(65535, c.getInt("relay.max-port"));
        assertEquals("/etc/letsencrypt/live/turn.example.com/fullchain.pem", c.getString("tls.certificate"));
        assertEquals("/etc/letsencrypt/live/turn.example.com/privkey.pem", c.getString("tls.private-key"));
        assertEquals(60, c.getDuration("tls.reload-interval").toSeconds());
        assertEquals(List.of("10.0.0.4/32"), c.getStringList("security.peer.allow"));
        assertEquals(List.of(), c.getStringList("security.peer.deny"), "everything else private stays refused");
        assertEquals("/var/lib/turnpike", c.getString("data-dir"));
        assertEquals(List.of(), c.getStringList("auth.shared-secrets"), "no secret in the file");
        assertEquals(1, c.getConfigList("http.keys").size());
        Config key = c.getConfigList("http.keys").get(0);
        assertTrue(KEY_FIELDS.containsAll(key.root().keySet()), key.root().keySet().toString());
        assertEquals("webapp", key.getString("id"));
        assertEquals(1_000_000_000_000L, key.getBytes("monthly-quota-bytes"), "GB is SI, as Cloudflare bills");
        assertEquals(0.8, key.getDouble("warn-at"));
    }

    @Test
    void productionExampleTakesSharedSecretsFromTheEnvironmentNewestFirst() {
        Config c = ReferenceConfig.load().with(parse("config/production-azure.conf"),
                Map.of("TURNPIKE_SHARED_SECRET", "new-shared-secret-0123", "TURNPIKE_SHARED_SECRET_PREVIOUS", "old-shared-secret-0123"));
        assertEquals(List.of("new-shared-secret-0123", "old-shared-secret-0123"), c.getStringList("turnpike.auth.shared-secrets"));
        assertTrue(ReferenceConfig.load().environmentVariables().contains("TURNPIKE_SHARED_SECRET"));
    }

    /** The example with its commented-out settings uncommented. */
    private static Config exampleUncommented() {
        StringBuilder text = new StringBuilder();
        for (String line : DeployFiles.read("config/turnpike.conf.example").split("\n")) {
            Matcher m = COMMENTED_SETTING.matcher(line);
            text.append(m.matches() ? m.group(1) + m.group(2) : line).append('\n');
        }
        return ConfigFactory.parseString(text.toString());
    }

    @Test
    void exampleListsEveryKeyWithItsDefaultAndNothingElse() {
        Config reference = ReferenceConfig.load().resolved();
        Config example = exampleUncommented().resolve();
        Map<String, Object> expected = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : reference.getConfig("turnpike").entrySet()) {
            expected.put(e.getKey(), e.getValue().unwrapped());
        }
        Map<String, Object> actual = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : example.getConfig("turnpike").entrySet()) {
            actual.put(e.getKey(), e.getValue().unwrapped());
        }
        assertEquals(expected, actual);
        assertTrue(actual.size() > 60, "the whole reference");
        // As it stands, the example file changes nothing: every setting is commented out.
        assertEquals(Set.of(), ConfigFactory.parseFile(DeployFiles.path("config/turnpike.conf.example").toFile())
                .getConfig("turnpike").entrySet());
    }

    @Test
    void environmentVariablesNamedInConfigFilesExist() {
        Set<String> known = EnvironmentVariables.known();
        known.add("TURNPIKE_SHARED_SECRET_PREVIOUS"); // production-azure.conf reads it itself
        for (String file : List.of("config/turnpike.conf.example", "config/production-azure.conf",
                "config/turnpike.service", "docker/Dockerfile", "docker/compose.yaml")) {
            Matcher m = ENV_NAME.matcher(DeployFiles.read(file));
            Set<String> unknown = new TreeSet<>();
            while (m.find()) {
                if (!known.contains(m.group())) {
                    unknown.add(m.group());
                }
            }
            assertEquals(Set.of(), unknown, file);
        }
        assertTrue(DeployFiles.read("config/production-azure.conf").contains("${?TURNPIKE_SHARED_SECRET_PREVIOUS}"));
    }

    @Test
    void certbotHookLetsTheTurnpikeGroupReadTheRenewedFiles() throws IOException {
        String group = DeployFiles.run(List.of("id", "-gn"), Map.of(), dir).stdout().strip();
        Path live = Files.createDirectories(dir.resolve("letsencrypt/live/turn.example.com"));
        Path archive = Files.createDirectories(dir.resolve("letsencrypt/archive/turn.example.com"));
        for (String name : List.of("cert1.pem", "chain1.pem", "fullchain1.pem", "privkey1.pem")) {
            Path file = Files.writeString(archive.resolve(name), "pem\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.createSymbolicLink(live.resolve(name.replace("1", "")), Path.of("../../archive/turn.example.com", name));
        }
        for (Path d : List.of(live, archive, live.getParent(), archive.getParent())) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
        DeployFiles.Result r = DeployFiles.run(List.of("sh", DeployFiles.path("config/certbot-deploy-hook.sh").toString()),
                Map.of("RENEWED_LINEAGE", live.toString(), "TURNPIKE_GROUP", group), dir);
        assertEquals(0, r.exitCode(), r.all());
        for (Path d : List.of(live, archive, live.getParent(), archive.getParent())) {
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(live.resolve("privkey.pem"))),
                "the key, through the live symlink, is readable by the group and nobody else");
        DeployFiles.Result missing = DeployFiles.run(List.of("sh", DeployFiles.path("config/certbot-deploy-hook.sh").toString()),
                Map.of(), dir);
        assertTrue(missing.exitCode() != 0 && missing.stderr().contains("RENEWED_LINEAGE"), missing.all());
    }
}
