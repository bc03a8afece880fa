/**
 * STUN and TURN wire format: messages, attributes, integrity, fingerprint and ChannelData framing.
 * Pure codec: no sockets, no threads, no clocks, no server state.
 */
package io.turnpike.protocol;
