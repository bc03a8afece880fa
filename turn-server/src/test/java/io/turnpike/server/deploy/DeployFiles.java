package io.turnpike.server.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access to the repository's deployment files (docker/, config/, docs/) from tests, and a bounded
 * way to run the external tools that check them (linters, promtool, systemd-analyze, bash).
 */
final class DeployFiles {
    /** How long any external tool may run before the test fails. */
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

    /** A fenced block, also indented inside a list item: the language, then the body. */
    private static final Pattern FENCE = Pattern.compile("(?m)^([ \\t]*)```([A-Za-z0-9_-]*)[^\\n]*\\n(.*?)^[ \\t]*```[ \\t]*$",
            Pattern.DOTALL);

    private DeployFiles() {
    }

    /** The repository root: the nearest directory above the working directory holding docker/ and config/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docker")) && Files.isDirectory(dir.resolve("config"))
                    && Files.isDirectory(dir.resolve("turn-server"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fenced code block of a Markdown file. */
    record Block(String file, String lang, String body, int line) {
        @Override
        public String toString() {
            return file + ":" + line + " (```" + lang + ")";
        }
    }

    /** Every fenced block of {@code relative} in one of {@code langs} (no langs: every block). */
    static List<Block> blocks(String relative, String... langs) {
        String text = read(relative);
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            for (String lang : langs.length == 0 ? new String[] {m.group(2)} : langs) {
                if (m.group(2).equals(lang)) {
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    String indent = m.group(1);
                    String body = m.group(3).replaceAll("(?m)^" + Pattern.quote(indent), "");
                    out.add(new Block(relative, lang, body, line));
                }
            }
        }
        return out;
    }

    /** Output and exit status of a finished process. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static Result run(List<String> command, Map<String, String> env, Path dir) {
        return run(command, env, dir, false);
    }

    /**
     * Runs a command to completion within {@link #TOOL_TIMEOUT}.
     *
     * @param cleanEnv start from an empty environment (PATH must then be in {@code env})
     */
    static Result run(List<String> command, Map<String, String> env, Path dir, boolean cleanEnv) {
        return run(command, env, dir, cleanEnv, TOOL_TIMEOUT);
    }

    /** As {@link #run(List, Map, Path, boolean)}, with its own time limit. */
    static Result run(List<String> command, Map<String, String> env, Path dir, boolean cleanEnv, Duration timeout) {
        try {
            Path out = Files.createTempFile("deploy-test", ".out");
            Path err = Files.createTempFile("deploy-test", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                if (cleanEnv) {
                    pb.environment().clear();
                }
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(command + " did not finish within " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The absolute path of {@code tool} on PATH. The test prerequisites install these tools
     * (scripts/test-prerequisites.sh), so a missing one fails the test instead of skipping it.
     */
    static String tool(String tool, String installHint) {
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        Path interop = root().resolve("interop/node_modules/.bin").resolve(tool);
        if (Files.isExecutable(interop)) {
            return interop.toString();
        }
        fail(tool + " is not installed; it is a test prerequisite (" + installHint + ")");
        return null;
    }

    /** Asserts that a tool run succeeded and printed nothing (linters print only findings). */
    static void assertClean(Result r, String what) {
        assertTrue(r.exitCode() == 0 && r.all().isBlank(), what + " reported (exit " + r.exitCode() + "):\n" + r.all());
    }
}
