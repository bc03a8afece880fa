package io.turnpike.server.metrics;

import io.turnpike.server.events.AllocationInfo;
import io.turnpike.server.events.CloseReason;
import io.turnpike.server.events.TurnEvents;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per allocation created and closed, in key=value form so log tools can parse it:
 * who (API key and user tag), where from, how long, bytes each way, and why it ended. Never the
 * password; the username's tag is the caller's own identifier.
 */
public final class AllocationLog implements TurnEvents {
    private static final Logger LOG = LoggerFactory.getLogger("io.turnpike.allocations");

    private final Clock clock;

    /** A log using {@code clock} to measure how long allocations lived. */
    public AllocationLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void allocationCreated(AllocationInfo a) {
        if (LOG.isInfoEnabled()) {
            LOG.info("allocation created id={} key={} user={} transport={} client={} relay={}", a.id(),
                    owner(a), a.userTag(), a.transport().label(), a.client(), a.relay());
        }
    }

    @Override
    public void allocationClosed(AllocationInfo a, CloseReason reason, long bytesToPeer, long bytesToClient) {
        if (LOG.isInfoEnabled()) {
            long seconds = Math.max(0, clock.millis() - a.createdAtMillis()) / 1000;
            LOG.info("allocation closed id={} key={} user={} transport={} client={} duration={}s "
                    + "bytes_to_peer={} bytes_to_client={} reason={}", a.id(), owner(a), a.userTag(),
                    a.transport().label(), a.client(), seconds, bytesToPeer, bytesToClient, reason.label());
        }
    }

    private static String owner(AllocationInfo a) {
        return a.owner() == null || a.owner().isEmpty() ? "-" : a.owner();
    }
}
