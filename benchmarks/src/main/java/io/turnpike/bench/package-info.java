/** JMH benchmarks and the load generator. */
package io.turnpike.bench;
