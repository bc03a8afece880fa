/**
 * The load generator ({@code java -jar turnpike-load.jar --help}): N TURN allocations against any
 * server, a built-in UDP echo peer, paced or windowed sending, and a report of rate, loss, RTT
 * percentiles (HdrHistogram) and RFC 3550 jitter. Entry point {@link io.turnpike.bench.load.LoadGenerator}.
 */
package io.turnpike.bench.load;
