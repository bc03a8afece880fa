package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RampPlanTest {
    /** Runs the plan against a server that holds every rate up to {@code capacity}. */
    private static List<Double> run(RampPlan plan, double capacity) {
        List<Double> rates = new ArrayList<>();
        for (double r = plan.next(); !Double.isNaN(r); r = plan.next()) {
            assertTrue(rates.size() < 100, "plan must end");
            rates.add(r);
            plan.record(r <= capacity);
        }
        return rates;
    }

    @Test
    void doublesUntilAFailureThenBisects() {
        RampPlan plan = new RampPlan(50, 16);
        List<Double> rates = run(plan, 300);
        assertEquals(List.of(50.0, 100.0, 200.0, 400.0, 300.0, 350.0, 325.0, 312.5), rates.subList(0, 8));
        assertEquals(300.0, plan.bestHeld(), 1e-9);
        assertEquals(rates.size(), plan.steps());
    }

    @Test
    void stopsWhenTheBracketIsWithinFivePercent() {
        RampPlan plan = new RampPlan(100, 64);
        run(plan, 1000);
        // 100..800 held, 1600 failed; then 1200 F, 1000 H, 1100 F, 1050 F: 1050 - 1000 is within 5 % of 1050
        assertEquals(1000.0, plan.bestHeld(), 1e-9);
        assertEquals(9, plan.steps());
    }

    @Test
    void theStepCountBoundsTheRamp() {
        RampPlan plan = new RampPlan(1, 5);
        List<Double> rates = run(plan, 1e9);
        assertEquals(List.of(1.0, 2.0, 4.0, 8.0, 16.0), rates);
        assertEquals(16.0, plan.bestHeld());
    }

    @Test
    void nothingHeldReportsZero() {
        RampPlan plan = new RampPlan(50, 6);
        run(plan, 1);
        assertEquals(0.0, plan.bestHeld());
    }

    @Test
    void rejectsANonPositiveStart() {
        assertThrows(IllegalArgumentException.class, () -> new RampPlan(0, 5));
    }
}
