package io.turnpike.server.allocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TurnEvents;
import io.turnpike.server.relay.RelayPorts;
import io.turnpike.server.security.AllocationQuota;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocations owned by one event loop, and the one periodic sweep that reclaims what expired:
 * allocations, permissions and channel bindings all store deadlines, checked on use and here, so
 * no timer or task exists per object. Used only on its loop.
 */
public final class LoopAllocations {
    private static final Logger LOG = LoggerFactory.getLogger("turnpike.allocation");
    /** How often live allocations report their byte totals (usage of long calls, by month). */
    static final long PROGRESS_PERIOD_MILLIS = 60_000;

    private final List<Allocation> all = new ArrayList<>();
    private final RelayPorts ports;
    private final TurnEvents events;
    private final AllocationQuota quota;
    private long nextProgressMillis;

    /** Allocations of one loop, returning relay ports to {@code ports} and reservations to {@code quota}. */
    public LoopAllocations(RelayPorts ports, TurnEvents events, AllocationQuota quota) {
        this.ports = ports;
        this.events = events;
        this.quota = quota;
    }

    /** Registers a newly activated allocation, reports and logs it. */
    public void add(Allocation allocation) {
        allocation.listIndex = all.size();
        all.add(allocation);
        AllocationInfo info = allocation.info();
        events.allocationCreated(info);
        LOG.info("allocation created id={} transport={} client={} relay={} owner={} user={} lifetime={}s",
                info.id(), info.transport().label(), info.client(), info.relay(), info.owner(), info.userTag(),
                (allocation.expiresAtMillis() - allocation.createdAtMillis()) / 1000);
    }

    /**
     * Closes {@code allocation}: forgets it on its 5-tuple, closes the relay socket and returns its
     * port as soon as the socket is closed, reports and logs it. Idempotent.
     */
    public void close(Allocation allocation, CloseReason reason, long nowMillis) {
        if (allocation.isClosed()) {
            return;
        }
        abandon(allocation);
        closeRelay(allocation, false);
        closeRelay(allocation, true);
        if (allocation.info() == null) {
            return; // pending: a bind in flight releases its port when it sees the closed flag
        }
        int index = allocation.listIndex;
        if (index >= 0) {
            Allocation last = all.remove(all.size() - 1);
            if (last != allocation) {
                all.set(index, last);
                last.listIndex = index;
            }
            allocation.listIndex = -1;
        }
        for (int i = allocation.permissions().size(); i > 0; i--) {
            events.permissionRemoved();
        }
        for (int i = allocation.channels().size(); i > 0; i--) {
            events.channelRemoved();
        }
        AllocationInfo info = allocation.info();
        events.allocationClosed(info, reason, allocation.bytesToPeer, allocation.bytesToClient);
        LOG.info("allocation closed id={} transport={} client={} owner={} user={} duration={}s "
                        + "bytes_to_peer={} bytes_to_client={} reason={}",
                info.id(), info.transport().label(), info.client(), info.owner(), info.userTag(),
                Math.max(0, nowMillis - allocation.createdAtMillis()) / 1000, allocation.bytesToPeer,
                allocation.bytesToClient, reason.label());
    }

    /** Detaches, closes and frees the relay socket of one family, if the allocation has one. */
    void closeRelay(Allocation allocation, boolean ipv6) {
        int port = allocation.relayPort(ipv6);
        Channel relay = allocation.detachRelay(ipv6);
        if (relay != null) {
            relay.close().addListener((ChannelFutureListener) (ChannelFuture f) -> ports.release(port));
        }
    }

    /**
     * Deletes one family's half of a dual allocation (RFC 8656 §8.1: Refresh with
     * REQUESTED-ADDRESS-FAMILY and LIFETIME 0): its relay socket, and the permissions and channels of
     * peers of that family; the other family's are not touched.
     */
    void closeFamily(Allocation allocation, boolean ipv6) {
        closeRelay(allocation, ipv6);
        for (int i = allocation.permissions().removeFamily(ipv6); i > 0; i--) {
            events.permissionRemoved();
        }
        for (int i = allocation.channels().removeFamily(ipv6); i > 0; i--) {
            events.channelRemoved();
        }
    }

    /**
     * Ends an allocation that never became active, or starts closing one: marks it closed, forgets it
     * on its 5-tuple and returns its quota reservation. Idempotent through the closed flag.
     */
    public void abandon(Allocation allocation) {
        if (allocation.isClosed()) {
            return;
        }
        allocation.markClosed();
        allocation.link().detach(allocation);
        if (allocation.quotaKey() != null) {
            quota.release(allocation.quotaKey());
        }
    }

    /** Removes the expired permissions and channel bindings of {@code allocation}, reporting each. */
    public void prune(Allocation allocation, long nowMillis) {
        for (int i = allocation.permissions().removeExpired(nowMillis); i > 0; i--) {
            events.permissionRemoved();
        }
        for (int i = allocation.channels().removeExpired(nowMillis); i > 0; i--) {
            events.channelRemoved();
        }
    }

    /**
     * The sweep: closes expired allocations and prunes the rest. Runs about once a second; once per
     * {@link #PROGRESS_PERIOD_MILLIS} it also reports each live allocation's byte totals.
     */
    public void sweep(long nowMillis) {
        if (nextProgressMillis == 0) {
            nextProgressMillis = nowMillis + PROGRESS_PERIOD_MILLIS; // first sweep: a period from now
        }
        boolean progress = nowMillis >= nextProgressMillis;
        if (progress) {
            nextProgressMillis = nowMillis + PROGRESS_PERIOD_MILLIS;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (i >= all.size()) {
                continue;
            }
            Allocation a = all.get(i);
            if (a.expired(nowMillis)) {
                close(a, CloseReason.EXPIRED, nowMillis);
            } else {
                prune(a, nowMillis);
                if (progress && (a.bytesToPeer | a.bytesToClient) != 0) {
                    events.allocationProgress(a.info(), a.bytesToPeer, a.bytesToClient);
                }
            }
        }
    }

    /** Closes every allocation (shutdown). */
    public void closeAll(CloseReason reason, long nowMillis) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (i < all.size()) {
                close(all.get(i), reason, nowMillis);
            }
        }
    }

    /** Closes the allocations {@code filter} selects (e.g. a revoked credential's). */
    public void closeMatching(AllocationInfoFilter filter, CloseReason reason, long nowMillis) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (i < all.size() && filter.test(all.get(i).info())) {
                close(all.get(i), reason, nowMillis);
            }
        }
    }

    /** Live allocations on this loop. */
    public int size() {
        return all.size();
    }

    /** A snapshot of the allocations (for cross-loop tasks such as revocation, run on this loop). */
    public List<Allocation> snapshot() {
        return List.copyOf(all);
    }

    /** The relay port pool. */
    public RelayPorts ports() {
        return ports;
    }

    /** The event listener. */
    public TurnEvents events() {
        return events;
    }
}
