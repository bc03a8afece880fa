package io.turnpike.server.usage;

import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TurnEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relayed bytes and allocations per API key per calendar month (UTC), as Cloudflare bills them,
 * with monthly quotas and persistence.
 *
 * <p>Feeding: as a {@link TurnEvents} listener it counts an allocation when created and its bytes
 * when closed; for long-lived allocations the engine should also call
 * {@link #allocationProgress(AllocationInfo, long, long)} now and then (say once a minute) with the
 * lifetime totals so far: the ledger remembers what it already counted per allocation and adds only
 * the difference, so usage shows up before the call ends and lands in the month it happened.
 * {@link #add(String, long)} adds bytes directly. All methods are thread-safe and cheap (LongAdder
 * increments; a map update per progress report); none is meant for the per-packet path.
 *
 * <p>Persistence: the counters are written to a JSON file in the data directory at most once per
 * flush interval when something changed, and on {@link #close()}; each write is atomic
 * ({@link AtomicFile}). A crash loses at most one interval of counts.
 */
public final class UsageLedger implements TurnEvents, AutoCloseable {
    /** The bucket for allocations not minted by a configured key (static users, foreign REST names). */
    public static final String OTHER = "other";

    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);

    private final Map<String, Quota> quotas;
    private final Clock clock;
    private final UsageStore store;
    private final int historyMonths;
    private final long flushMillis;
    private final Object rollover = new Object();
    /** Past months, oldest first; guarded by {@link #rollover}. */
    private final Deque<MonthCounters> history = new ArrayDeque<>();
    private final ConcurrentHashMap<Long, Long> countedLive = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile MonthCounters current;
    private ScheduledExecutorService flusher;

    private UsageLedger(Map<String, Quota> quotas, Clock clock, UsageStore store, UsageSettings settings) {
        this.quotas = Map.copyOf(quotas);
        this.clock = clock;
        this.store = store;
        this.historyMonths = settings.historyMonths();
        this.flushMillis = settings.flushInterval().toMillis();
        this.current = new MonthCounters(monthAt(clock.millis()), this.quotas.keySet());
    }

    /**
     * Loads the counters from {@code dataDir} (or starts from zero) and starts the periodic writer.
     *
     * @param quotas the configured API key ids and their quotas (the set of keys counted by name)
     */
    public static UsageLedger open(Path dataDir, UsageSettings settings, Map<String, Quota> quotas, Clock clock)
            throws IOException {
        UsageLedger ledger = new UsageLedger(quotas, clock, new UsageStore(dataDir.resolve(settings.file())),
                settings);
        ledger.restore(ledger.store.load());
        ledger.startFlusher();
        return ledger;
    }

    private static YearMonth monthAt(long epochMillis) {
        return YearMonth.from(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }

    private void restore(UsageSnapshot s) {
        if (s == null) {
            return;
        }
        synchronized (rollover) {
            YearMonth stored = YearMonth.parse(s.month());
            for (Map.Entry<String, Map<String, UsageSnapshot.Counts>> e : s.history().entrySet()) {
                YearMonth m = YearMonth.parse(e.getKey());
                if (m.isBefore(stored)) {
                    archive(m, e.getValue());
                }
            }
            if (stored.equals(current.month)) {
                current.restore(s.keys());
                current.cloudflareBytes.set(s.cloudflareBytes());
            } else {
                // An older month, or (clock set back) a later one: keep its counts as history
                // rather than overwrite them at the next write.
                if (stored.isAfter(current.month)) {
                    LOG.warn("usage file is for {} but the clock says {}; keeping it as history", stored,
                            current.month);
                }
                archive(stored, s.keys());
                dirty.set(true);
            }
        }
    }

    private void archive(YearMonth month, Map<String, UsageSnapshot.Counts> counts) {
        MonthCounters m = new MonthCounters(month, quotas.keySet());
        m.restore(counts);
        history.addLast(m);
        trimHistory();
    }

    private void trimHistory() {
        while (history.size() > historyMonths) {
            history.removeFirst();
        }
    }

    private void startFlusher() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "turnpike-usage-writer");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushIfDirty, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    /** The counters of the month the clock is in, rolling over at the first call in a new month. */
    private MonthCounters month() {
        MonthCounters m = current;
        long now = clock.millis();
        if (now < m.endMillis) {
            return m;
        }
        synchronized (rollover) {
            m = current;
            if (now >= m.endMillis) {
                // Adds racing with this swap may still land in the old month's adders; those are
                // kept in history and persisted, so nothing is lost.
                history.addLast(m);
                trimHistory();
                m = new MonthCounters(monthAt(now), quotas.keySet());
                current = m;
                dirty.set(true);
                LOG.info("usage month rolled over to {}", m.month);
            }
            return m;
        }
    }

    /** Adds {@code bytes} relayed for {@code keyId} (unknown ids count as "other"). */
    public void add(String keyId, long bytes) {
        if (bytes <= 0) {
            return;
        }
        MonthCounters.KeyCounters k = month().of(keyId);
        k.bytes.add(bytes);
        dirty.set(true);
        checkQuota(keyId, k);
    }

    /**
     * Reports the lifetime byte totals so far of a live allocation; the difference to the last report
     * is counted now.
     */
    public void allocationProgress(AllocationInfo allocation, long bytesToPeer, long bytesToClient) {
        long total = bytesToPeer + bytesToClient;
        Long before = countedLive.put(allocation.id(), total);
        add(allocation.owner(), total - (before == null ? 0 : before));
    }

    @Override
    public void allocationCreated(AllocationInfo allocation) {
        month().of(allocation.owner()).allocations.increment();
        dirty.set(true);
    }

    @Override
    public void allocationClosed(AllocationInfo allocation, CloseReason reason, long bytesToPeer,
            long bytesToClient) {
        Long before = countedLive.remove(allocation.id());
        add(allocation.owner(), bytesToPeer + bytesToClient - (before == null ? 0 : before));
    }

    private void checkQuota(String keyId, MonthCounters.KeyCounters k) {
        Quota q = quotas.get(keyId);
        if (q == null || !q.limited()) {
            return;
        }
        long used = k.bytes.sum();
        if (used >= q.monthlyBytes()) {
            if (k.spent.compareAndSet(false, true)) {
                LOG.warn("usage key={} spent its monthly quota: {} of {} bytes; credential requests now get 429",
                        keyId, used, q.monthlyBytes());
            }
        } else if (used >= (long) (q.warnAt() * q.monthlyBytes()) && k.warned.compareAndSet(false, true)) {
            LOG.warn("usage key={} passed {}% of its monthly quota: {} of {} bytes", keyId,
                    Math.round(q.warnAt() * 100), used, q.monthlyBytes());
        }
    }

    /** Bytes relayed this month for {@code keyId} ("other" for unknown ids). */
    public long bytesThisMonth(String keyId) {
        return month().of(keyId).bytes.sum();
    }

    /** Allocations created this month for {@code keyId}. */
    public long allocationsThisMonth(String keyId) {
        return month().of(keyId).allocations.sum();
    }

    /** The quota of {@code keyId}; unlimited for unknown ids. */
    public Quota quota(String keyId) {
        return quotas.getOrDefault(keyId, Quota.UNLIMITED);
    }

    /** Share of the monthly quota used (may exceed 1), or 0 when the key has no quota. */
    public double quotaUsedRatio(String keyId) {
        Quota q = quota(keyId);
        return q.limited() ? (double) bytesThisMonth(keyId) / q.monthlyBytes() : 0;
    }

    /** Whether {@code keyId} has spent its monthly quota. */
    public boolean quotaSpent(String keyId) {
        Quota q = quota(keyId);
        return q.limited() && bytesThisMonth(keyId) >= q.monthlyBytes();
    }

    /** The configured key ids (the names counted individually; "other" is not among them). */
    public Set<String> keyIds() {
        return quotas.keySet();
    }

    /** The current calendar month (UTC). */
    public YearMonth currentMonth() {
        return month().month;
    }

    /** Records the Cloudflare TURN bytes used this month, as reported by the application. */
    public void reportCloudflareBytes(long bytes) {
        month().cloudflareBytes.set(bytes);
        dirty.set(true);
    }

    /** Cloudflare TURN bytes this month, as last reported. */
    public long cloudflareBytesThisMonth() {
        return month().cloudflareBytes.get();
    }

    /** A consistent-enough copy of all counters (each sum is exact; sums are read one after another). */
    public UsageSnapshot snapshot() {
        MonthCounters m = month();
        Map<String, Map<String, UsageSnapshot.Counts>> past = new HashMap<>();
        synchronized (rollover) {
            for (Iterator<MonthCounters> it = history.iterator(); it.hasNext();) {
                MonthCounters h = it.next();
                past.put(h.month.toString(), h.counts());
            }
        }
        return new UsageSnapshot(UsageSnapshot.VERSION, m.month.toString(), m.counts(), m.cloudflareBytes.get(),
                past);
    }

    /** Writes the counters now. Writers are serialized: they share the temporary file. */
    public void flush() throws IOException {
        synchronized (store) {
            dirty.set(false);
            try {
                store.save(snapshot());
            } catch (IOException e) {
                dirty.set(true);
                throw e;
            }
        }
    }

    private void flushIfDirty() {
        if (!dirty.get()) {
            return;
        }
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            LOG.error("writing usage counters to {} failed: {}", store.file(), e.toString());
        }
    }

    /** Stops the periodic writer and writes the counters a last time. */
    @Override
    public void close() throws IOException {
        if (flusher != null) {
            flusher.shutdownNow();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
