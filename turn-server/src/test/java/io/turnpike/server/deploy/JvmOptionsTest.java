package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/jvm.options, the production JVM options every launcher passes as a Java argument file: the
 * real {@code java} launcher reads it (comments included) and ends up with the flags it names, the
 * entry script's and the systemd unit's command lines start with it, and options after it win.
 */
class JvmOptionsTest {
    private static final String FILE = "config/jvm.options";
    /** One line of -XX:+PrintFlagsFinal: type, name, value, then the kind and where the value came from. */
    private static final Pattern FLAG = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S*)\\s+\\{[^}]*\\}\\s+\\{([^}]*)\\}");
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    /** A flag's final value and its origin ("command line", "ergonomic", "default"). */
    record Flag(String value, String origin) {
    }

    private static Map<String, Flag> flags(DeployFiles.Result r) {
        assertEquals(0, r.exitCode(), r.all());
        Map<String, Flag> out = new HashMap<>();
        Matcher m = FLAG.matcher(r.stdout());
        while (m.find()) {
            out.put(m.group(1), new Flag(m.group(2), m.group(3)));
        }
        assertTrue(out.size() > 100, "java printed its flags:\n" + r.all());
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The smallest jar the launcher accepts with -jar: with -version it never runs anything. */
    private Path emptyJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = dir.resolve("empty.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }

    @Test
    void theJavaLauncherReadsTheFileAndSetsEveryFlag() {
        Map<String, Flag> f = flags(DeployFiles.run(List.of(java(), "@" + DeployFiles.path(FILE), "-XX:+PrintFlagsFinal",
                "-version"), Map.of(), DeployFiles.root()));
        assertEquals(new Flag("true", "command line"), f.get("UseSerialGC"));
        assertEquals(new Flag("false", "default"), f.get("UseG1GC"));
        assertEquals(new Flag(String.valueOf(8 * MIB), "command line"), f.get("NewSize"));
        assertEquals(new Flag(String.valueOf(8 * MIB), "command line"), f.get("MaxNewSize"), "a fixed young generation");
        assertEquals(new Flag(String.valueOf(32 * MIB), "command line"), f.get("InitialHeapSize"));
        assertEquals(new Flag(String.valueOf(64 * MIB), "command line"), f.get("ReservedCodeCacheSize"));
        assertEquals(new Flag("true", "command line"), f.get("ExitOnOutOfMemoryError"));
        // No heap cap in the file: each launcher sets its own.
        assertEquals("ergonomic", f.get("MaxHeapSize").origin());
        assertEquals("default", f.get("MaxRAMPercentage").origin());
    }

    @Test
    void theEntryScriptStartsTheRealJvmWithTheFileAndJavaOptsWin() throws IOException {
        // -version makes java print and exit before it would run the jar.
        Map<String, String> env = Map.of("TURNPIKE_JVM_OPTIONS", DeployFiles.path(FILE).toString(),
                "TURNPIKE_JAR", emptyJar().toString(), "TURNPIKE_RUNTIME_DIR", dir.toString(),
                "PATH", Path.of(java()).getParent() + ":/usr/bin:/bin",
                "JAVA_OPTS", "-XX:MaxRAMPercentage=75 -Xmn16m -XX:+PrintFlagsFinal -version");
        Map<String, Flag> f = flags(DeployFiles.run(List.of("bash", DeployFiles.path("docker/entrypoint.sh").toString()),
                env, dir, true));
        assertEquals("true", f.get("UseSerialGC").value(), "from the file");
        assertEquals(String.valueOf(16 * MIB), f.get("NewSize").value(), "JAVA_OPTS comes later and wins");
        assertEquals(new Flag("75.000000", "command line"), f.get("MaxRAMPercentage"));
    }

    @Test
    void theSystemdUnitsJvmOptionsWorkWithTheInstalledFile() {
        String execStart = DeployFiles.read("config/turnpike.service").lines().filter(l -> l.startsWith("ExecStart="))
                .findFirst().orElseThrow().substring("ExecStart=".length());
        List<String> words = List.of(execStart.split(" "));
        List<String> jvm = words.subList(1, words.indexOf("-jar"));
        assertEquals("@/etc/turnpike/jvm.options", jvm.get(0), "the file comes first, so the unit's own options win");
        List<String> command = new java.util.ArrayList<>(List.of(java(), "@" + DeployFiles.path(FILE)));
        command.addAll(jvm.subList(1, jvm.size()));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Map<String, Flag> f = flags(DeployFiles.run(command, Map.of(), dir));
        assertEquals("true", f.get("UseSerialGC").value());
        assertEquals(new Flag("50.000000", "command line"), f.get("MaxRAMPercentage"));
    }

    @Test
    void noLauncherRepeatsTheFilesOptions() {
        // One place for the production options: a launcher adds only its heap cap (and JAVA_OPTS). Comments may
        // mention them (e.g. how to override one).
        for (String launcher : List.of("turnpike", "docker/entrypoint.sh", "docker/compose.yaml", "config/turnpike.service",
                "benchmarks/scripts/compare-with-coturn.sh", "docs/deploy-cloud-vm.md")) {
            String text = String.join("\n", DeployFiles.read(launcher).lines().filter(l -> !l.strip().startsWith("# ")).toList());
            for (String option : List.of("-XX:+UseSerialGC", "-Xmn", "-Xms", "-XX:ReservedCodeCacheSize", "-XX:+ExitOnOutOfMemoryError")) {
                assertFalse(text.contains(option), launcher + " leaves " + option + " to " + FILE);
            }
        }
        assertTrue(DeployFiles.read("turnpike").contains("exec java @config/jvm.options ${JAVA_OPTS:-} -jar"));
        assertTrue(DeployFiles.read("benchmarks/scripts/compare-with-coturn.sh").contains("\"@${TURNPIKE_JVM_OPTIONS:-$ROOT/config/jvm.options}\""));
    }

    @Test
    void theLaunchersPassShellcheck() {
        String shellcheck = DeployFiles.tool("shellcheck", "Debian package shellcheck");
        DeployFiles.assertClean(DeployFiles.run(List.of(shellcheck, "turnpike", "benchmarks/scripts/compare-with-coturn.sh"),
                Map.of(), DeployFiles.root()), "shellcheck");
    }
}
