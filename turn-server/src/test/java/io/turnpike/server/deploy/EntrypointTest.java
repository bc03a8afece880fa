package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/entrypoint.sh run outside Docker: a stub {@code java} first on PATH records the command
 * line, the TURNPIKE_* environment it got and the generated configuration file, which is then
 * parsed over the reference configuration as the server would.
 */
class EntrypointTest {
    private static final String DEFAULT_CONFIG = "/etc/turnpike/turnpike.conf";

    @TempDir
    Path dir;
    private Path out;

    @BeforeEach
    void stubJava() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        out = Files.createDirectories(dir.resolve("out"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                printf '%s\\n' "$@" > "$STUB_OUT/args"
                env | grep '^TURNPIKE_' | sort > "$STUB_OUT/env" || true
                prev=""
                for a in "$@"; do
                  if [ "$prev" = --config ]; then cp "$a" "$STUB_OUT/config.conf"; fi
                  prev="$a"
                done
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the entry script with only {@code env} (and PATH with the stub) in its environment. */
    private DeployFiles.Result entrypoint(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        all.put("STUB_OUT", out.toString());
        all.putIfAbsent("TURNPIKE_RUNTIME_DIR", dir.toString());
        List<String> command = new java.util.ArrayList<>(List.of("bash", DeployFiles.path("docker/entrypoint.sh").toString()));
        command.addAll(List.of(args));
        return DeployFiles.run(command, all, dir, true);
    }

    private List<String> args() throws IOException {
        return Files.readAllLines(out.resolve("args"));
    }

    private List<String> javaEnv() throws IOException {
        return Files.readAllLines(out.resolve("env"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void scriptsPassShellcheck() {
        String shellcheck = DeployFiles.tool("shellcheck", "Debian package shellcheck");
        DeployFiles.assertClean(DeployFiles.run(List.of(shellcheck, "docker/entrypoint.sh", "docker/healthcheck.sh",
                "config/certbot-deploy-hook.sh"), Map.of(), DeployFiles.root()), "shellcheck");
    }

    @Test
    void withoutVariablesTheEmbeddedDefaultStarts() throws IOException {
        assertFalse(Files.exists(Path.of(DEFAULT_CONFIG)), "precondition: this machine has no " + DEFAULT_CONFIG);
        DeployFiles.Result r = entrypoint(Map.of());
        assertEquals(0, r.exitCode(), r.all());
        // The image's production options first (docker/Dockerfile copies config/jvm.options there), then the heap cap.
        assertEquals(List.of("@/opt/turnpike/jvm.options", "-XX:MaxRAMPercentage=75", "-jar",
                "/opt/turnpike/turnpike.jar"), args());
    }

    @Test
    void theJvmOptionsFileCanBeMovedLikeTheJar() throws IOException {
        DeployFiles.Result r = entrypoint(Map.of("TURNPIKE_JVM_OPTIONS", "/srv/jvm.options", "TURNPIKE_JAR", "/srv/t.jar"));
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of("@/srv/jvm.options", "-XX:MaxRAMPercentage=75", "-jar", "/srv/t.jar"), args());
    }

    @Test
    void aMountedFileIsPassedAsItIsAndJavaOptionsAndArgumentsFollow() throws IOException {
        Path conf = write("turnpike.conf", "turnpike.realm = \"example.org\"\n");
        DeployFiles.Result r = entrypoint(Map.of("TURNPIKE_CONFIG", conf.toString(), "JAVA_OPTS", "-Xmx256m -Dx=y"),
                "--help");
        assertEquals(0, r.exitCode(), r.all());
        // JAVA_OPTS replaces the default heap cap and follows the file, so its options win over the file's.
        assertEquals(List.of("@/opt/turnpike/jvm.options", "-Xmx256m", "-Dx=y", "-jar", "/opt/turnpike/turnpike.jar",
                "--config", conf.toString(), "--help"), args());
    }

    @Test
    void variablesBecomeConfigurationTheServerParses() throws IOException {
        DeployFiles.Result r = entrypoint(Map.of(
                "TURNPIKE_PEER_ALLOW", "10.0.0.4/32, 10.0.0.7",
                "TURNPIKE_PEER_DENY", "198.51.100.0/24",
                "TURNPIKE_LISTEN_ADDRESSES", "0.0.0.0 ::",
                "TURNPIKE_HTTP_PORT", "9443",
                "TURNPIKE_HTTP_BIND_ADDRESS", "127.0.0.1",
                "TURNPIKE_HTTP_TLS", "false",
                "TURNPIKE_RELAY_PUBLIC_ADDRESS", "203.0.113.10"));
        assertEquals(0, r.exitCode(), r.all());
        ReferenceConfig reference = ReferenceConfig.load();
        Config generated = ConfigFactory.parseFile(out.resolve("config.conf").toFile());
        assertEquals(List.of(), List.copyOf(reference.unknownKeys(generated)), "every generated key exists");
        Config c = reference.with(generated, Map.of("TURNPIKE_RELAY_PUBLIC_ADDRESS", "203.0.113.10"));
        assertEquals(List.of("10.0.0.4/32", "10.0.0.7"), c.getStringList("turnpike.security.peer.allow"));
        assertEquals(List.of("198.51.100.0/24"), c.getStringList("turnpike.security.peer.deny"));
        assertEquals(List.of("0.0.0.0", "::"), c.getStringList("turnpike.listen.addresses"));
        assertEquals(9443, c.getInt("turnpike.http.port"));
        assertEquals("127.0.0.1", c.getString("turnpike.http.bind-address"));
        assertFalse(c.getBoolean("turnpike.http.tls"));
        // Read by reference.conf itself: passed through in the environment.
        assertEquals("203.0.113.10", c.getString("turnpike.relay.public-address"));
        assertTrue(javaEnv().contains("TURNPIKE_RELAY_PUBLIC_ADDRESS=203.0.113.10"));
    }

    @Test
    void aMountedFileWinsOverVariables() throws IOException {
        Path conf = write("mounted.conf", "turnpike.http.port = 10443\nturnpike.realm = \"mounted\"\n");
        DeployFiles.Result r = entrypoint(Map.of("TURNPIKE_CONFIG", conf.toString(), "TURNPIKE_HTTP_PORT", "9443",
                "TURNPIKE_PEER_ALLOW", "10.0.0.4"));
        assertEquals(0, r.exitCode(), r.all());
        Config c = ReferenceConfig.load().with(ConfigFactory.parseFile(out.resolve("config.conf").toFile()), Map.of());
        assertEquals(10443, c.getInt("turnpike.http.port"), "the file wins");
        assertEquals("mounted", c.getString("turnpike.realm"));
        assertEquals(List.of("10.0.0.4"), c.getStringList("turnpike.security.peer.allow"), "variables fill the rest");
    }

    @Test
    void aSecretFileReachesTheServerThroughItsEnvironmentNeverTheCommandLine() throws IOException {
        String secret = "s3cr3t-Rotated+/=";
        Path file = write("shared_secret", secret + "\n");
        DeployFiles.Result r = entrypoint(Map.of("TURNPIKE_SHARED_SECRET_FILE", file.toString(),
                "TURNPIKE_PEER_ALLOW", "10.0.0.4"));
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(javaEnv().contains("TURNPIKE_SHARED_SECRET=" + secret), "trailing newline dropped");
        assertFalse(javaEnv().stream().anyMatch(l -> l.startsWith("TURNPIKE_SHARED_SECRET_FILE=")));
        assertFalse(String.join(" ", args()).contains(secret));
        assertFalse(Files.readString(out.resolve("config.conf")).contains(secret), "not written to disk either");
        Config c = ReferenceConfig.load().with(ConfigFactory.parseFile(out.resolve("config.conf").toFile()),
                Map.of("TURNPIKE_SHARED_SECRET", secret));
        assertEquals(List.of(secret), c.getStringList("turnpike.auth.shared-secrets"));
    }

    @Test
    void anEmptyVariableMeansTheDefaultNotAnEmptySecret() throws IOException {
        DeployFiles.Result r = entrypoint(Map.of("TURNPIKE_SHARED_SECRET", "", "TURNPIKE_REALM", ""));
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of("TURNPIKE_RUNTIME_DIR=" + dir), javaEnv());
    }

    @Test
    void contradictoryOrMissingInputsStopWithAMessage() throws IOException {
        Path file = write("s", "x\n");
        DeployFiles.Result both = entrypoint(Map.of("TURNPIKE_ADMIN_TOKEN", "a", "TURNPIKE_ADMIN_TOKEN_FILE", file.toString()));
        assertEquals(2, both.exitCode());
        assertTrue(both.stderr().contains("set TURNPIKE_ADMIN_TOKEN or TURNPIKE_ADMIN_TOKEN_FILE, not both"), both.stderr());
        DeployFiles.Result unreadable = entrypoint(Map.of("TURNPIKE_CLOUDFLARE_TOKEN_FILE", dir.resolve("nope").toString()));
        assertEquals(2, unreadable.exitCode());
        assertTrue(unreadable.stderr().contains("TURNPIKE_CLOUDFLARE_TOKEN_FILE: cannot read"), unreadable.stderr());
        DeployFiles.Result noConfig = entrypoint(Map.of("TURNPIKE_CONFIG", dir.resolve("missing.conf").toString()));
        assertEquals(2, noConfig.exitCode());
        assertTrue(noConfig.stderr().contains("TURNPIKE_CONFIG: no such file"), noConfig.stderr());
        assertFalse(Files.exists(out.resolve("args")), "java never ran");
    }

    @Test
    void aCommandInsteadOfOptionsRunsThatCommand() {
        DeployFiles.Result r = entrypoint(Map.of(), "echo", "hello");
        assertEquals(0, r.exitCode());
        assertEquals("hello\n", r.stdout());
        assertFalse(Files.exists(out.resolve("args")));
    }

    @Test
    void everyVariableTheEntryScriptHandlesIsDocumentedInTheReferenceOrMapped() {
        String script = DeployFiles.read("docker/entrypoint.sh");
        java.util.Set<String> reference = ReferenceConfig.load().environmentVariables();
        for (String secret : List.of("TURNPIKE_SHARED_SECRET", "TURNPIKE_ADMIN_TOKEN", "TURNPIKE_CLOUDFLARE_TOKEN")) {
            assertTrue(script.contains(secret), secret);
            assertTrue(reference.contains(secret), "reference.conf reads " + secret + ", which the *_FILE variant fills");
        }
        assertNotEquals(-1, script.indexOf("exec java"));
    }
}
