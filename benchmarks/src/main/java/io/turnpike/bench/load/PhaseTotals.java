package io.turnpike.bench.load;

/**
 * Counters of one phase summed over all allocations.
 *
 * @param sent packets sent
 * @param received echoes received for this phase
 * @param reordered echoes that arrived after a later one of the same allocation
 * @param jitterSumNanos sum over allocations of their RFC 3550 jitter
 * @param jitterMaxNanos the largest per-allocation jitter
 * @param jitterFlows allocations that contributed a jitter value
 * @param lagged packets the generator could not send on time (it fell behind its own schedule)
 */
record PhaseTotals(long sent, long received, long reordered, double jitterSumNanos, double jitterMaxNanos,
        int jitterFlows, long lagged) {

    /** Nothing counted. */
    static final PhaseTotals EMPTY = new PhaseTotals(0, 0, 0, 0, 0, 0, 0);

    /** Adds one allocation's counters. */
    PhaseTotals plus(FlowStats s) {
        boolean j = s.hasJitter();
        return new PhaseTotals(sent + s.sent(), received + s.received(), reordered + s.reordered(),
                jitterSumNanos + (j ? s.jitterNanos() : 0), Math.max(jitterMaxNanos, j ? s.jitterNanos() : 0),
                jitterFlows + (j ? 1 : 0), lagged);
    }

    /** Sums two partial totals (e.g. of two event loops). */
    PhaseTotals plus(PhaseTotals o) {
        return new PhaseTotals(sent + o.sent, received + o.received, reordered + o.reordered,
                jitterSumNanos + o.jitterSumNanos, Math.max(jitterMaxNanos, o.jitterMaxNanos),
                jitterFlows + o.jitterFlows, lagged + o.lagged);
    }

    /** The same totals with {@code n} more lagged packets. */
    PhaseTotals withLagged(long n) {
        return new PhaseTotals(sent, received, reordered, jitterSumNanos, jitterMaxNanos, jitterFlows, lagged + n);
    }

    /** Lost packets in percent of those sent (echoes beyond the sent count, e.g. duplicates, do not count). */
    double lossPercent() {
        if (sent == 0) {
            return 0;
        }
        return 100.0 * Math.max(0, sent - received) / sent;
    }

    /** Mean per-allocation jitter in nanoseconds. */
    double jitterMeanNanos() {
        return jitterFlows == 0 ? 0 : jitterSumNanos / jitterFlows;
    }
}
