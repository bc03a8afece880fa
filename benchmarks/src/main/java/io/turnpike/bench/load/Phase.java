package io.turnpike.bench.load;

/**
 * What the senders do now. Immutable; the controller publishes a new one (a volatile reference in
 * {@link RunControl}) to start or stop a phase, and every event loop picks it up on its next tick.
 *
 * @param epoch phase number carried in every payload; echoes of other phases are ignored
 * @param ratePerAllocation packets/s per allocation, {@link LoadOptions#RATE_MAX} for window mode
 * @param startNanos System.nanoTime() when the phase began
 * @param sending false once the phase's sending part is over (echoes still count while draining)
 */
record Phase(int epoch, double ratePerAllocation, long startNanos, boolean sending) {
    /** Before any phase: nothing is sent. */
    static final Phase NONE = new Phase(0, 0, 0, false);

    /** The same phase with sending stopped. */
    Phase stopped() {
        return new Phase(epoch, ratePerAllocation, startNanos, false);
    }
}
