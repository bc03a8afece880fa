package io.turnpike.server.transport;

import io.netty.channel.ChannelPipeline;

/**
 * What a connection on the shared TLS port becomes once its protocol is known: the TURN stream
 * pipeline or the HTTP API's pipeline, each added after the TLS handler by the code that owns it.
 */
interface SharedPortProtocols {
    /** Adds the TURN-over-TLS stream handlers. */
    void turn(ChannelPipeline pipeline);

    /** Adds the HTTP API's handlers; false when no HTTP API runs (the caller closes the connection). */
    boolean http(ChannelPipeline pipeline);
}
