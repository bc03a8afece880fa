/**
 * TCP allocations (RFC 6062): relayed TCP listening sockets, Connect and peer-initiated connections,
 * the table of connections waiting for ConnectionBind, and the zero-copy splice between a client
 * data connection and its peer data connection.
 */
package io.turnpike.server.relay.tcp;
