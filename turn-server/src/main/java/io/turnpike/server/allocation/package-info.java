/**
 * Allocations (RFC 8656 §6) and the TURN methods that manage them. The
 * {@link io.turnpike.server.allocation.RequestDispatcher} authenticates and picks one handler per
 * method (Allocate, Refresh, CreatePermission, ChannelBind), each following the RFC's steps.
 * Every allocation belongs to one event loop; permissions, channels and the allocation itself store
 * deadlines that are checked on use and by one sweep per loop
 * ({@link io.turnpike.server.allocation.LoopAllocations}). Nothing here locks.
 */
package io.turnpike.server.allocation;
