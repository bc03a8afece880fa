package io.turnpike.server.events;

/**
 * Lifecycle and control-plane events of the TURN engine. Called on the event loop that owns the
 * allocation: implementations must be quick, must not block and must not throw. Per-packet traffic is
 * not reported here but counted in {@link TrafficCounters}, which the hot path increments directly.
 */
public interface TurnEvents {
    /** A successful Allocate created {@code allocation}. */
    default void allocationCreated(AllocationInfo allocation) {
    }

    /**
     * An allocation ended.
     *
     * @param bytesToPeer payload bytes relayed client to peer over its lifetime
     * @param bytesToClient payload bytes relayed peer to client over its lifetime
     */
    default void allocationClosed(AllocationInfo allocation, CloseReason reason, long bytesToPeer,
            long bytesToClient) {
    }

    /**
     * Progress of a live allocation, reported by its loop's sweep about once a minute so usage is
     * counted while a long call lasts (not only when it ends).
     *
     * @param bytesToPeer payload bytes relayed client to peer so far (lifetime total)
     * @param bytesToClient payload bytes relayed peer to client so far (lifetime total)
     */
    default void allocationProgress(AllocationInfo allocation, long bytesToPeer, long bytesToClient) {
    }

    /** An Allocate was answered with an error response carrying {@code errorCode} (e.g. 437, 486, 508). */
    default void allocationRefused(int errorCode) {
    }

    /** An authenticated request failed authentication. */
    default void authFailure(AuthFailure reason) {
    }

    /** A permission was installed (not refreshed). */
    default void permissionCreated() {
    }

    /** A permission expired or was removed with its allocation. */
    default void permissionRemoved() {
    }

    /** A channel was bound (not refreshed). */
    default void channelBound() {
    }

    /** A channel binding expired or was removed with its allocation. */
    default void channelRemoved() {
    }

    /** A listener that ignores everything. */
    TurnEvents NONE = new TurnEvents() {
    };
}
