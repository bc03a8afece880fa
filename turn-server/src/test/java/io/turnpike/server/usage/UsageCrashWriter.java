package io.turnpike.server.usage;

import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Run in a separate JVM by {@link UsageCrashTest}: for each line read from stdin it counts one more
 * allocation and 1000 bytes (so a consistent state has bytes = 1000 x allocations), writes the file,
 * and prints {@code wrote N}. It stops at end of input or when killed.
 */
public final class UsageCrashWriter {
    private UsageCrashWriter() {
    }

    /** args[0]: data directory. */
    public static void main(String[] args) throws Exception {
        UsageSettings s = new UsageSettings("usage.json", Duration.ofHours(1), 1);
        UsageLedger u = UsageLedger.open(Path.of(args[0]), s, Map.of("k", Quota.UNLIMITED), Clock.systemUTC());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long i = u.allocationsThisMonth("k");
        while (in.readLine() != null) {
            i++;
            u.add("k", 1000);
            u.allocationCreated(new AllocationInfo(i, "", "k", "", null, null, Transport.UDP, 0));
            u.flush();
            System.out.println("wrote " + i);
            System.out.flush();
        }
    }
}
