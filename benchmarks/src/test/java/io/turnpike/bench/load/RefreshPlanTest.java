package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RefreshPlanTest {
    @Test
    void allocationsAreRefreshedAMinuteBeforeTheyExpire() {
        assertEquals(540, RefreshPlan.allocationRefreshSeconds(600));
        assertEquals(3540, RefreshPlan.allocationRefreshSeconds(3600));
        assertEquals(60, RefreshPlan.allocationRefreshSeconds(120));
    }

    @Test
    void shortLifetimesAreRefreshedAtHalfTime() {
        assertEquals(30, RefreshPlan.allocationRefreshSeconds(60));
        assertEquals(1, RefreshPlan.allocationRefreshSeconds(1));
    }

    @Test
    void aMissingLifetimeMeansTheRfcDefault() {
        // RFC 8656 §7: LIFETIME absent in a success response is not expected; assume the 600 s default.
        assertEquals(540, RefreshPlan.allocationRefreshSeconds(0));
    }

    @Test
    void bindingsAreRefreshedWellWithinThePermissionLifetime() {
        // RFC 8656 §9: permissions last 300 s; a refresh every 120 s leaves room for retransmissions.
        assertTrue(RefreshPlan.BINDING_REFRESH_SECONDS * 2 < 300);
    }
}
