package io.turnpike.server.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL, no shutdown hooks) a JVM while it is writing the usage file, several times at
 * different moments, and checks that the file on disk is always one complete state: the last write
 * the writer confirmed or the one it had started, never a torn or unreadable file.
 */
class UsageCrashTest {
    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesThePreviousOrTheNextCompleteState() throws Exception {
        long confirmedTotal = 0;
        for (int round = 0; round < 4; round++) {
            long confirmed = runAndKill(5 + round * 3, round);
            UsageSnapshot s = new UsageStore(dir.resolve("usage.json")).load();
            assertNotNull(s, "file missing or unreadable after the kill in round " + round);
            UsageSnapshot.Counts k = s.keys().get("k");
            assertEquals(k.allocations() * 1000, k.bytes(), "torn state: " + k);
            assertTrue(k.allocations() == confirmed || k.allocations() == confirmed + 1,
                    "expected " + confirmed + " or " + (confirmed + 1) + ", found " + k);
            assertTrue(confirmed > confirmedTotal, "restart did not continue from the stored state");
            confirmedTotal = k.allocations();
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("unreadable")));
            }
        }
    }

    /**
     * Lets the writer complete {@code writes} confirmed writes, asks for one more, and kills it
     * {@code delayMillis} later (0 = at once), likely in the middle of that write. Returns the last
     * confirmed write number.
     */
    private long runAndKill(int writes, int delayMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                UsageCrashWriter.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            OutputStream in = p.getOutputStream();
            long confirmed = -1;
            for (int i = 0; i < writes; i++) {
                in.write('\n');
                in.flush();
                String line = out.readLine();
                assertNotNull(line, "writer died early");
                assertTrue(line.startsWith("wrote "), line);
                confirmed = Long.parseLong(line.substring(6).trim());
            }
            in.write('\n');
            in.flush();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "writer did not die");
            return confirmed;
        } finally {
            p.destroyForcibly();
        }
    }
}
