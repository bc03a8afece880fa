/**
 * The data path: relay ports ({@link io.turnpike.server.relay.RelayPorts}, lock-free), relay sockets
 * registered on their allocation's event loop, client-to-peer forwarding of ChannelData and Send
 * indications as retained slices ({@link io.turnpike.server.relay.ClientRelay}), and peer-to-client
 * ChannelData or Data indications with the header composed in front of the payload, never copied.
 */
package io.turnpike.server.relay;
