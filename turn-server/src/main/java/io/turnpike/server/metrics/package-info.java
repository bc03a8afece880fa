/**
 * Prometheus metrics through Micrometer: TURN lifecycle events, relay traffic read from
 * {@link io.turnpike.server.events.TrafficCounters} at scrape time, per-key usage, certificate
 * expiry, JVM and Netty allocator. Every label has a bounded set of values.
 */
package io.turnpike.server.metrics;
