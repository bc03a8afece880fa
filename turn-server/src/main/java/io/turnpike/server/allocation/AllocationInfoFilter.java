package io.turnpike.server.allocation;

import io.turnpike.server.events.AllocationInfo;

/** Selects allocations by what is known about them (e.g. all made with a revoked username). */
@FunctionalInterface
public interface AllocationInfoFilter {
    /** Whether {@code info}'s allocation is selected. */
    boolean test(AllocationInfo info);
}
