package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile: linted by a real linter (dockerfile-utils, the Docker language server's
 * validator) and checked for the structure issue 7 asks for. No Docker engine runs on our machines,
 * so the image itself is not built here; its entry script is tested in {@link EntrypointTest}.
 */
class DockerfileTest {
    private static final String DOCKERFILE = "docker/Dockerfile";

    /** One instruction, continuation lines joined, comments dropped. */
    record Instruction(String keyword, String args, int stage) {
    }

    static List<Instruction> instructions() {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stage = -1;
        for (String line : DeployFiles.read(DOCKERFILE).split("\n")) {
            String t = line.strip();
            if (current.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.startsWith("#")) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String[] parts = current.toString().split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            if (keyword.equals("FROM")) {
                stage++;
            }
            out.add(new Instruction(keyword, parts.length > 1 ? parts[1].replaceAll("\\s+", " ") : "", stage));
            current.setLength(0);
        }
        return out;
    }

    private static List<Instruction> all(String keyword) {
        return instructions().stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static List<Instruction> finalStage(String keyword) {
        int last = all("FROM").size() - 1;
        return all(keyword).stream().filter(i -> i.stage() == last).toList();
    }

    @Test
    void dockerfileUtilsLintFindsNothing() {
        String linter = DeployFiles.tool("dockerfile-utils", "npm package dockerfile-utils");
        DeployFiles.assertClean(DeployFiles.run(List.of(linter, "lint", DOCKERFILE), Map.of(), DeployFiles.root()),
                "dockerfile-utils lint");
    }

    @Test
    void buildsWithMavenThenRunsOnAJreOnly() {
        List<Instruction> from = all("FROM");
        assertEquals(2, from.size(), "two stages");
        assertEquals("maven:3-eclipse-temurin-17 AS build", from.get(0).args());
        assertEquals("eclipse-temurin:17-jre", from.get(1).args());
        assertTrue(all("RUN").stream().anyMatch(r -> r.stage() == 0
                && r.args().contains("mvn -B -ntp -DskipTests package -pl turn-server -am")), "the build runs Maven");
        // The runtime copies the shaded jar the build stage makes (turn-server's pom: finalName turnpike).
        assertTrue(DeployFiles.read("turn-server/pom.xml").contains("<finalName>turnpike</finalName>"));
        assertTrue(finalStage("COPY").stream().anyMatch(c -> c.args().equals(
                "--from=build /src/turn-server/target/turnpike.jar /opt/turnpike/turnpike.jar")));
    }

    @Test
    void everyModulePomIsCopiedBecauseMavenReadsTheWholeReactor() {
        String pom = DeployFiles.read("pom.xml");
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> copies = all("COPY").stream().map(Instruction::args).toList();
        int modules = 0;
        while (m.find()) {
            modules++;
            String module = m.group(1);
            assertTrue(copies.contains(module + "/pom.xml " + module + "/"), module + "/pom.xml is copied");
        }
        assertTrue(modules >= 3);
    }

    @Test
    void runsAsTheUnprivilegedUserItCreates() {
        List<Instruction> user = finalStage("USER");
        assertEquals(1, user.size());
        String name = user.get(0).args().split(":")[0];
        assertFalse(Set.of("root", "0").contains(name), "not root");
        assertTrue(finalStage("RUN").stream().anyMatch(r -> r.args().contains("useradd --system")
                && r.args().contains(" " + name)), "user " + name + " is created in the runtime stage");
        List<Instruction> stage = instructions().stream().filter(i -> i.stage() == 1).toList();
        assertEquals("ENTRYPOINT", stage.get(stage.size() - 1).keyword(), "nothing runs as root after USER but the entry point");
        for (Instruction i : stage.subList(stage.indexOf(user.get(0)), stage.size())) {
            assertFalse(i.keyword().equals("RUN"), "no RUN after USER: " + i);
        }
    }

    @Test
    void exposesTheDefaultListenerPorts() {
        Config ref = ReferenceConfig.load().resolved().getConfig("turnpike");
        Set<String> exposed = Set.copyOf(Arrays.asList(String.join(" ", finalStage("EXPOSE").stream()
                .map(Instruction::args).toList()).split(" ")));
        assertEquals(Set.of(ref.getInt("listen.udp-port") + "/udp", ref.getInt("listen.tcp-port") + "/tcp",
                ref.getInt("listen.tls-port") + "/tcp", ref.getInt("http.port") + "/tcp"), exposed);
        assertEquals(Set.of("3478/udp", "3478/tcp", "5349/tcp", "8443/tcp"), exposed);
    }

    @Test
    void dataDirectoryIsAVolumeTheServerIsToldAbout() {
        assertEquals(List.of("[\"/var/lib/turnpike\"]"), finalStage("VOLUME").stream().map(Instruction::args).toList());
        assertTrue(finalStage("ENV").stream().anyMatch(e -> e.args().equals("TURNPIKE_DATA_DIR=/var/lib/turnpike")));
        assertTrue(ReferenceConfig.load().environmentVariables().contains("TURNPIKE_DATA_DIR"),
                "reference.conf reads TURNPIKE_DATA_DIR");
        assertTrue(finalStage("RUN").stream().anyMatch(r -> r.args().contains("chown turnpike:turnpike /var/lib/turnpike")),
                "the volume's mount point belongs to the runtime user, so a new volume does too");
    }

    @Test
    void healthCheckAndEntryPointAreTheTestedScripts() {
        assertEquals(List.of("--interval=30s --timeout=5s --start-period=20s --retries=3 CMD [\"/opt/turnpike/healthcheck.sh\"]"),
                finalStage("HEALTHCHECK").stream().map(Instruction::args).toList());
        assertEquals(List.of("[\"/opt/turnpike/entrypoint.sh\"]"), finalStage("ENTRYPOINT").stream().map(Instruction::args).toList());
        assertTrue(finalStage("COPY").stream().anyMatch(c -> c.args().equals(
                "--chmod=755 docker/entrypoint.sh docker/healthcheck.sh /opt/turnpike/")));
        // The production JVM options go where the entry script looks for them by default.
        assertTrue(finalStage("COPY").stream().anyMatch(c -> c.args().equals("config/jvm.options /opt/turnpike/jvm.options")));
        assertTrue(DeployFiles.read("docker/entrypoint.sh").contains("\"@${TURNPIKE_JVM_OPTIONS:-/opt/turnpike/jvm.options}\""));
        assertTrue(finalStage("RUN").stream().anyMatch(r -> r.args().contains("install -y --no-install-recommends curl")),
                "the health check's curl is installed");
    }

    @Test
    void everyCopiedPathIsInTheBuildContext() {
        List<String> ignore = Arrays.asList(DeployFiles.read("docker/Dockerfile.dockerignore").split("\n"));
        assertTrue(ignore.contains("*"), "context starts empty");
        for (Instruction copy : all("COPY")) {
            if (copy.args().startsWith("--from=")) {
                continue;
            }
            List<String> words = Arrays.stream(copy.args().split(" ")).filter(w -> !w.startsWith("--")).toList();
            for (String source : words.subList(0, words.size() - 1)) {
                assertTrue(ignore.contains("!" + source) || ignore.contains("!" + source + "/"),
                        source + " is let into the build context by docker/Dockerfile.dockerignore");
                assertTrue(java.nio.file.Files.exists(DeployFiles.path(source)), source + " exists");
            }
        }
    }
}
