package io.turnpike.server.metrics;

import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Values the metrics read from other parts of the server when scraped.
 *
 * @param relayPortsInUse relay ports currently allocated
 * @param relayPortsFree relay ports still available in the configured range
 * @param certificateNotAfter expiry of the TLS certificate in use (null value when TLS is off)
 */
public record MetricSources(LongSupplier relayPortsInUse, LongSupplier relayPortsFree,
        Supplier<Instant> certificateNotAfter) {
}
