package io.turnpike.bench.load;

/**
 * Chooses the per-allocation rate of each ramp step: doubles from the start rate while steps hold,
 * then bisects between the highest rate held and the lowest rate that failed. Pure; bounded by a
 * step count and stops early once the bracket is within 5 %.
 */
final class RampPlan {
    private static final double RESOLUTION = 0.05;

    private final int maxSteps;
    private double next;
    private double held;
    private double failed = Double.NaN;
    private int steps;

    /** A plan starting at {@code startRate} packets/s per allocation, at most {@code maxSteps} steps. */
    RampPlan(double startRate, int maxSteps) {
        if (!(startRate > 0) || maxSteps < 1) {
            throw new IllegalArgumentException("start rate and step count must be positive");
        }
        this.next = startRate;
        this.maxSteps = maxSteps;
    }

    /** The rate of the next step, or NaN when the ramp is over. */
    double next() {
        if (steps >= maxSteps) {
            return Double.NaN;
        }
        if (!Double.isNaN(failed) && failed - held <= RESOLUTION * failed) {
            return Double.NaN;
        }
        return next;
    }

    /** Records the outcome of the step just run at {@link #next()}'s rate. */
    void record(boolean stepHeld) {
        double rate = next;
        steps++;
        if (stepHeld) {
            held = Math.max(held, rate);
        } else {
            failed = Double.isNaN(failed) ? rate : Math.min(failed, rate);
        }
        next = Double.isNaN(failed) ? rate * 2 : (held + failed) / 2;
    }

    /** The highest rate that held, or 0 when none did. */
    double bestHeld() {
        return held;
    }

    /** Steps run so far. */
    int steps() {
        return steps;
    }
}
