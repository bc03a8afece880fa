/**
 * Netty listeners: UDP (one SO_REUSEPORT socket per event loop with epoll), TCP and TLS streams cut
 * into frames by {@link io.turnpike.server.transport.StreamFrameDecoder}. Each transport is a thin
 * shell: it finds the client 5-tuple ({@link io.turnpike.server.allocation.ClientLink}) and hands
 * every message to one demultiplexer, which sends ChannelData and Send indications to the relay and
 * STUN requests to the dispatcher.
 */
package io.turnpike.server.transport;
