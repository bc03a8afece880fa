package io.turnpike.server.security;

import static io.turnpike.server.security.AllocationQuota.Decision.GRANTED;
import static io.turnpike.server.security.AllocationQuota.Decision.SERVER_FULL;
import static io.turnpike.server.security.AllocationQuota.Decision.USER_QUOTA_REACHED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** RFC 8656 §21.3.1 / §7.2: per-user quota (486) and server capacity (508). */
class AllocationQuotaTest {

    @Test
    void perUserQuotaAnswers486() {
        AllocationQuota quota = new AllocationQuota(2, 100);
        assertEquals(GRANTED, quota.tryReserve("alice"));
        assertEquals(GRANTED, quota.tryReserve("alice"));
        assertEquals(USER_QUOTA_REACHED, quota.tryReserve("alice"));
        assertEquals(486, USER_QUOTA_REACHED.errorCode());
        assertEquals(GRANTED, quota.tryReserve("bob"), "other users are not affected");
        assertEquals(3, quota.total(), "refusals do not count");
        quota.release("alice");
        assertEquals(GRANTED, quota.tryReserve("alice"), "a freed allocation can be reused");
    }

    @Test
    void serverCapacityAnswers508() {
        AllocationQuota quota = new AllocationQuota(10, 3);
        assertEquals(GRANTED, quota.tryReserve("a"));
        assertEquals(GRANTED, quota.tryReserve("b"));
        assertEquals(GRANTED, quota.tryReserve("c"));
        assertEquals(SERVER_FULL, quota.tryReserve("d"));
        assertEquals(508, SERVER_FULL.errorCode());
        assertEquals(0, quota.count("d"));
        quota.release("a");
        assertEquals(GRANTED, quota.tryReserve("d"));
    }

    @Test
    void zeroMeansUnlimited() {
        AllocationQuota quota = new AllocationQuota(0, 0);
        for (int i = 0; i < 1000; i++) {
            assertEquals(GRANTED, quota.tryReserve("alice"));
        }
        assertEquals(1000, quota.count("alice"));
    }

    @Test
    void releaseOfUnknownUserChangesNothing() {
        AllocationQuota quota = new AllocationQuota(1, 1);
        quota.tryReserve("alice");
        quota.release("mallory");
        assertEquals(1, quota.total());
        quota.release("alice");
        quota.release("alice");
        assertEquals(0, quota.total(), "a double release cannot go negative");
        assertEquals(0, quota.count("alice"));
    }

    @Test
    void concurrentReservationsNeverExceedTheLimits() throws Exception {
        AllocationQuota quota = new AllocationQuota(5, 12);
        int threads = 4;
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String user = "user" + (t % 2);
            Thread w = new Thread(() -> {
                try {
                    start.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    if (quota.tryReserve(user) == GRANTED) {
                        granted.incrementAndGet();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(10_000);
        }
        assertEquals(10, granted.get(), "two users × 5, below the total of 12");
        assertEquals(5, quota.count("user0"));
        assertEquals(10, quota.total());
    }
}
