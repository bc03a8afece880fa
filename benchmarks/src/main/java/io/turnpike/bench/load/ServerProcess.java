package io.turnpike.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a local server process's CPU time and resident memory from Linux's /proc (given with
 * {@code --server-pid}), so that the generator can report server CPU per relayed packet for exactly
 * its measured phase. Per-process figures are reliable on shared VMs where system-wide ones are not.
 */
final class ServerProcess {
    /** /proc reports CPU times in USER_HZ ticks, 100 per second on Linux. */
    static final double TICKS_PER_SECOND = 100;

    private final Path stat;
    private final Path status;

    ServerProcess(long pid) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    /** utime + stime in seconds, or -1 when the process cannot be read. */
    double cpuSeconds() {
        try {
            return cpuSecondsOf(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS in KiB, or -1 when the process cannot be read. */
    long rssKib() {
        try {
            return rssKibOf(Files.readString(status));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime (fields 14 and 15 of proc(5) stat) in seconds. The command name (field 2) is in
     * parentheses and may itself hold spaces and parentheses, so fields are counted after the last ')'.
     */
    static double cpuSecondsOf(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state); utime is field 14 -> f[11], stime field 15 -> f[12].
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** The VmRSS line of proc(5) status, in KiB; -1 when absent (e.g. a zombie). */
    static long rssKibOf(String statusText) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split(" +")[0]);
            }
        }
        return -1;
    }
}
