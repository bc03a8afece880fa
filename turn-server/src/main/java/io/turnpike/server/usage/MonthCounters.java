package io.turnpike.server.usage;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One calendar month's counters: per key a {@link LongAdder} for bytes and one for allocations, so
 * event loops add without contending. The key set is fixed at construction (configured keys plus
 * {@link UsageLedger#OTHER}), so lookups need no lock and label cardinality stays bounded.
 */
final class MonthCounters {
    /** Counters of one key in one month. */
    static final class KeyCounters {
        final LongAdder bytes = new LongAdder();
        final LongAdder allocations = new LongAdder();
        /** Set once the warning threshold was logged this month. */
        final AtomicBoolean warned = new AtomicBoolean();
        /** Set once the quota-spent line was logged this month. */
        final AtomicBoolean spent = new AtomicBoolean();
    }

    final YearMonth month;
    /** First instant (epoch millis) after this month; when the clock reaches it the month rolls over. */
    final long endMillis;
    final AtomicLong cloudflareBytes = new AtomicLong();
    private final Map<String, KeyCounters> keys;

    MonthCounters(YearMonth month, Set<String> keyIds) {
        this.month = month;
        this.endMillis = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        Map<String, KeyCounters> m = new HashMap<>();
        for (String id : keyIds) {
            m.put(id, new KeyCounters());
        }
        m.put(UsageLedger.OTHER, new KeyCounters());
        this.keys = Map.copyOf(m);
    }

    /** The counters of {@code keyId}, or of "other" when it is not a configured key. */
    KeyCounters of(String keyId) {
        KeyCounters k = keyId == null ? null : keys.get(keyId);
        return k != null ? k : keys.get(UsageLedger.OTHER);
    }

    /** Adds stored counts (from the file) to this month. */
    void restore(Map<String, UsageSnapshot.Counts> counts) {
        for (Map.Entry<String, UsageSnapshot.Counts> e : counts.entrySet()) {
            KeyCounters k = of(e.getKey());
            k.bytes.add(e.getValue().bytes());
            k.allocations.add(e.getValue().allocations());
        }
    }

    /** The current sums, for the file and reports. */
    Map<String, UsageSnapshot.Counts> counts() {
        Map<String, UsageSnapshot.Counts> out = new HashMap<>();
        for (Map.Entry<String, KeyCounters> e : keys.entrySet()) {
            out.put(e.getKey(), new UsageSnapshot.Counts(e.getValue().bytes.sum(), e.getValue().allocations.sum()));
        }
        return out;
    }
}
