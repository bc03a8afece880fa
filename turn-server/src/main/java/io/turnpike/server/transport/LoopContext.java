package io.turnpike.server.transport;

import io.turnpike.server.allocation.LoopAllocations;
import io.turnpike.server.allocation.RequestDispatcher;
import io.turnpike.server.relay.ClientRelay;
import io.turnpike.server.security.SourceRateLimiter;

/**
 * What the handlers on one event loop use: that loop's allocations, the shared request dispatcher,
 * and that loop's client-to-peer relay (which holds a single-thread flyweight).
 *
 * @param allocations the loop's allocations and sweep
 * @param dispatcher STUN request handling (shared, stateless)
 * @param relay client-to-peer relaying for this loop
 * @param limiter this loop's per-source limiter for unauthenticated requests and bad credentials
 */
public record LoopContext(LoopAllocations allocations, RequestDispatcher dispatcher, ClientRelay relay,
        SourceRateLimiter limiter) {
}
