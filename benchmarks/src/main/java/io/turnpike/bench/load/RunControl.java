package io.turnpike.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * State shared between the controller thread and the event loops: the current {@link Phase} and the
 * RTT recorder. Loops only read the phase and record into the wait-free {@link Recorder}; all
 * histogram reading happens under this object's lock on the controller and progress threads.
 */
final class RunControl {
    /** RTTs above a minute are clamped (a lost packet never gets here; a minute is already absurd). */
    private static final long HIGHEST_RTT_NANOS = 60_000_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST_RTT_NANOS, 3);
    private final Histogram phaseRtt = new Histogram(HIGHEST_RTT_NANOS, 3);
    private Histogram interval;
    private volatile Phase phase = Phase.NONE;

    /** The current phase. */
    Phase phase() {
        return phase;
    }

    /** Records one round-trip time (event loops; wait-free). */
    void recordRtt(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_RTT_NANOS)));
    }

    /** Starts a new phase: clears the phase histogram, then publishes the phase. */
    synchronized void begin(Phase next) {
        interval = recorder.getIntervalHistogram(interval);
        phaseRtt.reset();
        phase = next;
    }

    /** Stops sending in the current phase (echoes still count). */
    synchronized void stopSending() {
        phase = phase.stopped();
    }

    /** Moves what was recorded since the last call into the phase histogram; returns that interval. */
    synchronized Histogram sample() {
        interval = recorder.getIntervalHistogram(interval);
        phaseRtt.add(interval);
        return interval.copy();
    }

    /** A copy of the current phase's RTT histogram, including what was just recorded. */
    synchronized Histogram phaseHistogram() {
        sample();
        return phaseRtt.copy();
    }
}
