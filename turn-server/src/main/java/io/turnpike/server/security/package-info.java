/**
 * Abuse protection building blocks the TURN engine calls: {@link io.turnpike.server.security.PeerFilter}
 * (which peers may be relayed to), {@link io.turnpike.server.security.SourceRateLimiter} (unauthenticated
 * requests and auth-failure back-off per source), {@link io.turnpike.server.security.ConnectionLimiter}
 * (TCP/TLS connections per source), {@link io.turnpike.server.security.AllocationQuota} (486/508) and
 * {@link io.turnpike.server.security.BandwidthLimiter} (bytes per second per allocation), configured by
 * {@link io.turnpike.server.security.SecuritySettings} from {@code turnpike.security}. See SECURITY.md.
 */
package io.turnpike.server.security;
