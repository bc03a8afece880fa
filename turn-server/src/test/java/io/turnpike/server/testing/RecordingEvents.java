package io.turnpike.server.testing;

import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.AuthFailure;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TurnEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** TurnEvents that remember what happened, for assertions. */
public final class RecordingEvents implements TurnEvents {
    public final List<AllocationInfo> created = new CopyOnWriteArrayList<>();
    public final List<CloseReason> closed = new CopyOnWriteArrayList<>();
    public final List<Integer> refused = new CopyOnWriteArrayList<>();
    public final List<AuthFailure> authFailures = new CopyOnWriteArrayList<>();
    public final AtomicInteger permissions = new AtomicInteger();
    public final AtomicInteger channels = new AtomicInteger();

    @Override
    public void allocationCreated(AllocationInfo allocation) {
        created.add(allocation);
    }

    @Override
    public void allocationClosed(AllocationInfo allocation, CloseReason reason, long bytesToPeer, long bytesToClient) {
        closed.add(reason);
    }

    @Override
    public void allocationRefused(int errorCode) {
        refused.add(errorCode);
    }

    @Override
    public void authFailure(AuthFailure reason) {
        authFailures.add(reason);
    }

    @Override
    public void permissionCreated() {
        permissions.incrementAndGet();
    }

    @Override
    public void permissionRemoved() {
        permissions.decrementAndGet();
    }

    @Override
    public void channelBound() {
        channels.incrementAndGet();
    }

    @Override
    public void channelRemoved() {
        channels.decrementAndGet();
    }
}
