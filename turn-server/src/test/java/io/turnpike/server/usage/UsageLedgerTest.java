package io.turnpike.server.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageLedgerTest {
    private static final UsageSettings SETTINGS = new UsageSettings("usage.json", Duration.ofHours(1), 3);
    private static final Instant NOV = Instant.parse("2026-11-15T12:00:00Z");

    @TempDir
    Path dir;

    private static AllocationInfo allocation(long id, String owner) {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5000);
        return new AllocationInfo(id, "1:" + owner, owner, owner, a, a, Transport.UDP, 0);
    }

    private UsageLedger open(MutableClock clock) throws Exception {
        return UsageLedger.open(dir, SETTINGS, Map.of("k1", new Quota(1000, 0.8), "k2", Quota.UNLIMITED), clock);
    }

    @Test
    void countsAllocationsAndClosedBytesPerKeyAndUnknownOwnersAsOther() throws Exception {
        try (UsageLedger u = open(new MutableClock(NOV))) {
            u.allocationCreated(allocation(1, "k1"));
            u.allocationClosed(allocation(1, "k1"), CloseReason.EXPIRED, 100, 50);
            u.allocationCreated(allocation(2, "static"));
            u.allocationClosed(allocation(2, "static"), CloseReason.DELETED, 7, 3);
            assertEquals(150, u.bytesThisMonth("k1"));
            assertEquals(1, u.allocationsThisMonth("k1"));
            assertEquals(0, u.bytesThisMonth("k2"));
            assertEquals(10, u.bytesThisMonth(UsageLedger.OTHER));
            assertEquals(1, u.allocationsThisMonth(UsageLedger.OTHER));
        }
    }

    @Test
    void progressReportsCountOnlyTheDifferenceAndCloseCountsTheRest() throws Exception {
        try (UsageLedger u = open(new MutableClock(NOV))) {
            AllocationInfo a = allocation(9, "k2");
            u.allocationProgress(a, 100, 100);
            assertEquals(200, u.bytesThisMonth("k2"));
            u.allocationProgress(a, 150, 120);
            assertEquals(270, u.bytesThisMonth("k2"));
            u.allocationClosed(a, CloseReason.EXPIRED, 200, 130);
            assertEquals(330, u.bytesThisMonth("k2"), "lifetime total counted once, not twice");
        }
    }

    @Test
    void quotaWarnsThenIsSpent() throws Exception {
        try (UsageLedger u = open(new MutableClock(NOV))) {
            u.add("k1", 700);
            assertEquals(0.7, u.quotaUsedRatio("k1"), 1e-9);
            assertFalse(u.quotaSpent("k1"));
            u.add("k1", 299);
            assertFalse(u.quotaSpent("k1"));
            u.add("k1", 1);
            assertTrue(u.quotaSpent("k1"));
            assertFalse(u.quotaSpent("k2"), "unlimited key is never spent");
        }
    }

    @Test
    void monthRolloverStartsFromZeroAndKeepsHistory() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:59:59Z"));
        try (UsageLedger u = open(clock)) {
            u.add("k1", 1000);
            assertTrue(u.quotaSpent("k1"));
            clock.advance(Duration.ofSeconds(2));
            assertEquals("2026-12", u.currentMonth().toString());
            assertEquals(0, u.bytesThisMonth("k1"));
            assertFalse(u.quotaSpent("k1"), "a new month restores the quota");
            UsageSnapshot s = u.snapshot();
            assertEquals(1000, s.history().get("2026-11").get("k1").bytes());
        }
    }

    @Test
    void countersSurviveARestartAndAnOldMonthMovesToHistory() throws Exception {
        MutableClock clock = new MutableClock(NOV);
        try (UsageLedger u = open(clock)) {
            u.add("k1", 123);
            u.allocationCreated(allocation(1, "k1"));
            u.reportCloudflareBytes(555);
        }
        JsonNode file = new ObjectMapper().readTree(dir.resolve("usage.json").toFile());
        assertEquals("2026-11", file.get("month").asText());
        assertEquals(123, file.get("keys").get("k1").get("bytes").asLong());
        try (UsageLedger u = open(clock)) {
            assertEquals(123, u.bytesThisMonth("k1"));
            assertEquals(1, u.allocationsThisMonth("k1"));
            assertEquals(555, u.cloudflareBytesThisMonth());
        }
        clock.set(Instant.parse("2027-01-02T00:00:00Z"));
        try (UsageLedger u = open(clock)) {
            assertEquals(0, u.bytesThisMonth("k1"));
            assertEquals(0, u.cloudflareBytesThisMonth());
            assertEquals(123, u.snapshot().history().get("2026-11").get("k1").bytes());
        }
    }

    @Test
    void aFileFromALaterMonthIsKeptAsHistoryWhenTheClockWentBack() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
        try (UsageLedger u = open(clock)) {
            u.add("k1", 77);
        }
        clock.set(NOV);
        try (UsageLedger u = open(clock)) {
            assertEquals(0, u.bytesThisMonth("k1"));
            assertEquals(77, u.snapshot().history().get("2026-12").get("k1").bytes());
        }
    }

    @Test
    void concurrentFlushesNeverTearTheFile() throws Exception {
        try (UsageLedger u = open(new MutableClock(NOV))) {
            Thread[] writers = new Thread[4];
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            for (int t = 0; t < writers.length; t++) {
                writers[t] = new Thread(() -> {
                    try {
                        for (int i = 0; i < 50; i++) {
                            u.add("k2", 1);
                            u.flush();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                writers[t].start();
            }
            for (Thread w : writers) {
                w.join(20_000);
            }
            assertEquals(null, failure.get());
            u.flush();
            assertEquals(200, new UsageStore(dir.resolve("usage.json")).load().keys().get("k2").bytes());
        }
    }

    @Test
    void periodicWriterWritesDirtyCountersWithoutClose() throws Exception {
        UsageSettings fast = new UsageSettings("usage.json", Duration.ofMillis(100), 3);
        try (UsageLedger u = UsageLedger.open(dir, fast, Map.of("k1", Quota.UNLIMITED), new MutableClock(NOV))) {
            u.add("k1", 42);
            Path f = dir.resolve("usage.json");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && !(Files.exists(f) && Files.readString(f).contains("42"))) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(f).contains("\"bytes\" : 42"), Files.readString(f));
        }
    }

    @Test
    void unreadableFileIsMovedAsideAndCountingStartsFromZero() throws Exception {
        Files.writeString(dir.resolve("usage.json"), "{ not json");
        try (UsageLedger u = open(new MutableClock(NOV))) {
            assertEquals(0, u.bytesThisMonth("k1"));
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("usage.json.unreadable-")));
        }
    }
}
