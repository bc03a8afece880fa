package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's build stage without Docker: exactly the files its COPY instructions bring into
 * the build context are copied into an empty directory, its Maven command is run there, and the
 * jar the runtime stage copies must come out, start, and be started by the entry script with a
 * real JVM. Catches a module or file the image build would miss.
 */
class DockerBuildStageTest {
    private static final String BUILD_RUN = "RUN --mount=type=cache,target=/root/.m2 ";

    @TempDir
    Path context;

    @Test
    void buildStageMakesTheJarTheRuntimeStageCopiesAndTheEntryScriptStartsIt() throws IOException {
        List<DockerfileTest.Instruction> build = DockerfileTest.instructions().stream()
                .filter(i -> i.stage() == 0).toList();
        assertEquals("WORKDIR /src", build.stream().filter(i -> i.keyword().equals("WORKDIR"))
                .map(i -> "WORKDIR " + i.args()).findFirst().orElseThrow());
        for (DockerfileTest.Instruction copy : build) {
            if (copy.keyword().equals("COPY")) {
                copyLikeDocker(copy.args());
            }
        }
        String mvn = build.stream().filter(i -> i.keyword().equals("RUN")).map(i -> "RUN " + i.args())
                .filter(r -> r.startsWith(BUILD_RUN)).map(r -> r.substring(BUILD_RUN.length()))
                .findFirst().orElseThrow();
        DeployFiles.Result built = DeployFiles.run(List.of("bash", "-c", mvn + " -q"), Map.of(), context, false,
                Duration.ofMinutes(8));
        assertEquals(0, built.exitCode(), built.all());

        // COPY --from=build /src/turn-server/target/turnpike.jar: /src is the context directory here.
        Path jar = context.resolve("turn-server/target/turnpike.jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("io.turnpike.server.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        DeployFiles.Result started = DeployFiles.run(List.of("bash", DeployFiles.path("docker/entrypoint.sh").toString(),
                "--help"), Map.of("TURNPIKE_JAR", jar.toString(),
                "TURNPIKE_JVM_OPTIONS", DeployFiles.path("config/jvm.options").toString()), context);
        assertEquals(0, started.exitCode(), started.all());
        assertTrue(!started.stdout().isBlank(), "the real server answered --help");
    }

    /** COPY SRC... DEST relative to WORKDIR, as Docker does it (a DEST ending in / receives SRC's name). */
    private void copyLikeDocker(String args) throws IOException {
        String[] words = args.split(" ");
        String dest = words[words.length - 1];
        for (int i = 0; i < words.length - 1; i++) {
            Path source = DeployFiles.path(words[i]);
            Path target = dest.endsWith("/") ? context.resolve(dest).resolve(source.getFileName().toString())
                    : context.resolve(dest);
            copyTree(source, target);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(p -> {
                Path to = target.resolve(source.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
