package io.turnpike.server.events;

import java.util.List;

/**
 * Tells every one of several listeners each event, in order (e.g. metrics, usage accounting and a
 * test's recorder). Lifecycle events only, so a loop over a small array is cheap enough.
 */
public final class TurnEventsFanOut implements TurnEvents {
    private final TurnEvents[] listeners;

    private TurnEventsFanOut(List<TurnEvents> listeners) {
        this.listeners = listeners.toArray(new TurnEvents[0]);
    }

    /** A listener telling {@code listeners} in order; {@link TurnEvents#NONE} entries are skipped. */
    public static TurnEvents of(TurnEvents... listeners) {
        List<TurnEvents> used = new java.util.ArrayList<>();
        for (TurnEvents l : listeners) {
            if (l != null && l != TurnEvents.NONE) {
                used.add(l);
            }
        }
        return used.size() == 1 ? used.get(0) : new TurnEventsFanOut(used);
    }

    @Override
    public void allocationCreated(AllocationInfo allocation) {
        for (TurnEvents l : listeners) {
            l.allocationCreated(allocation);
        }
    }

    @Override
    public void allocationClosed(AllocationInfo allocation, CloseReason reason, long bytesToPeer,
            long bytesToClient) {
        for (TurnEvents l : listeners) {
            l.allocationClosed(allocation, reason, bytesToPeer, bytesToClient);
        }
    }

    @Override
    public void allocationProgress(AllocationInfo allocation, long bytesToPeer, long bytesToClient) {
        for (TurnEvents l : listeners) {
            l.allocationProgress(allocation, bytesToPeer, bytesToClient);
        }
    }

    @Override
    public void allocationRefused(int errorCode) {
        for (TurnEvents l : listeners) {
            l.allocationRefused(errorCode);
        }
    }

    @Override
    public void authFailure(AuthFailure reason) {
        for (TurnEvents l : listeners) {
            l.authFailure(reason);
        }
    }

    @Override
    public void permissionCreated() {
        for (TurnEvents l : listeners) {
            l.permissionCreated();
        }
    }

    @Override
    public void permissionRemoved() {
        for (TurnEvents l : listeners) {
            l.permissionRemoved();
        }
    }

    @Override
    public void channelBound() {
        for (TurnEvents l : listeners) {
            l.channelBound();
        }
    }

    @Override
    public void channelRemoved() {
        for (TurnEvents l : listeners) {
            l.channelRemoved();
        }
    }
}
