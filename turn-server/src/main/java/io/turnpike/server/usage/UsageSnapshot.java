package io.turnpike.server.usage;

import java.util.Map;

/**
 * The persisted state of usage accounting: this month's counters per key, the Cloudflare usage the
 * application reported, and a few past months for reports.
 *
 * @param version file format version ({@link #VERSION})
 * @param month the calendar month (UTC) the counters belong to, {@code yyyy-MM}
 * @param keys counters per API key id ("other" collects everything not minted by a configured key)
 * @param cloudflareBytes Cloudflare TURN bytes this month, as last reported by the application
 * @param history past months, {@code yyyy-MM} to counters per key
 */
public record UsageSnapshot(int version, String month, Map<String, Counts> keys, long cloudflareBytes,
        Map<String, Map<String, Counts>> history) {
    /** Current file format version. */
    public static final int VERSION = 1;

    /** Relayed bytes (both directions) and allocations created. */
    public record Counts(long bytes, long allocations) {
    }

    /** Copies the maps so a snapshot never changes after it is made. */
    public UsageSnapshot {
        keys = Map.copyOf(keys);
        history = Map.copyOf(history);
    }
}
