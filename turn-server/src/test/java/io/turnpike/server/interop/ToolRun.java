package io.turnpike.server.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One bounded run of a third-party client (coturn's tools, node): its exit code and combined
 * stdout/stderr. A run past its time limit is killed with its child processes and reported as
 * timed out; it never hangs a test.
 *
 * @param command what ran
 * @param exitCode the exit code, or -1 when it timed out
 * @param output stdout and stderr, interleaved as written
 * @param timedOut whether it was killed at the time limit
 * @param elapsed wall time
 */
public record ToolRun(List<String> command, int exitCode, String output, boolean timedOut, Duration elapsed) {

    /** Runs {@code command} in {@code workDir}, killing it after {@code limit}. */
    public static ToolRun run(List<String> command, Path workDir, Duration limit) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile(workDir, "tool-", ".out");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(out, StandardCharsets.UTF_8);
        return new ToolRun(List.copyOf(command), finished ? process.exitValue() : -1, output, !finished, elapsed);
    }

    /** A description for assertion messages: the command, how it ended, and the output's tail. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\n" + (timedOut ? "timed out" : "exit " + exitCode)
                + " after " + elapsed.toMillis() + " ms\n" + Text.tail(output, 40);
    }
}
