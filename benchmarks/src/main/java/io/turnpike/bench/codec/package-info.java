/**
 * JMH benchmarks of the turn-protocol codec, one class per question. Run with {@code -prof gc}; the
 * ChannelData parse must allocate 0 B/op.
 */
package io.turnpike.bench.codec;
