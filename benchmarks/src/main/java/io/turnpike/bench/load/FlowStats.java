package io.turnpike.bench.load;

/**
 * Per-allocation counters of one phase: packets sent and echoed, reordering, and the RFC 3550
 * interarrival jitter. Written by the allocation's event loop only; pure arithmetic, no clock.
 */
final class FlowStats {
    private long sent;
    private long received;
    private long reordered;
    private long highestSequence = -1;
    private long lastTransitNanos;
    private boolean haveTransit;
    private double jitterNanos;

    /** Forgets everything (a new phase starts). */
    void reset() {
        sent = 0;
        received = 0;
        reordered = 0;
        highestSequence = -1;
        lastTransitNanos = 0;
        haveTransit = false;
        jitterNanos = 0;
    }

    /** One packet left. */
    void onSent() {
        sent++;
    }

    /**
     * One echo arrived. {@code transitNanos} is arrival minus send time; sender and receiver share one
     * clock here, so it is the round-trip time. Jitter follows RFC 3550 §6.4.1: with
     * D(i-1, i) = transit(i) - transit(i-1) taken in arrival order, J += (|D| - J) / 16.
     */
    void onReceived(long sequence, long transitNanos) {
        received++;
        if (sequence < highestSequence) {
            reordered++;
        } else {
            highestSequence = sequence;
        }
        if (haveTransit) {
            long d = Math.abs(transitNanos - lastTransitNanos);
            jitterNanos += (d - jitterNanos) / 16.0;
        }
        lastTransitNanos = transitNanos;
        haveTransit = true;
    }

    long sent() {
        return sent;
    }

    long received() {
        return received;
    }

    long reordered() {
        return reordered;
    }

    double jitterNanos() {
        return jitterNanos;
    }

    /** True once two echoes arrived, i.e. when {@link #jitterNanos()} means something. */
    boolean hasJitter() {
        return haveTransit && received > 1;
    }
}
