package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerProcessTest {
    @Test
    void cpuIsUtimePlusStimeCountedAfterTheCommandName() {
        // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 30 0 99 0 0";
        assertEquals(18.0, ServerProcess.cpuSecondsOf(stat), 1e-9);
    }

    @Test
    void rssIsReadFromTheStatusFile() {
        assertEquals(20480, ServerProcess.rssKibOf("Name:\tturnserver\nVmPeak:\t  99 kB\nVmRSS:\t   20480 kB\n"));
        assertEquals(-1, ServerProcess.rssKibOf("Name:\tzombie\nState:\tZ\n"));
    }

    @Test
    void ourOwnProcessIsReadable() {
        ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
        assertTrue(self.cpuSeconds() > 0, "this JVM has used CPU");
        assertTrue(self.rssKib() > 1024, "this JVM holds more than a MiB");
        assertEquals(-1, new ServerProcess(Integer.MAX_VALUE).cpuSeconds(), "no such process");
    }
}
