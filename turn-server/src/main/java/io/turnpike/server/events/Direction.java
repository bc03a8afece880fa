package io.turnpike.server.events;

/** Which way relayed data flows. Its ordinal indexes counter arrays. */
public enum Direction {
    /** From the client, through the relay, to a peer. */
    CLIENT_TO_PEER,
    /** From a peer, through the relay, to the client. */
    PEER_TO_CLIENT;

    /** Lower-case label value for metrics. */
    public String label() {
        return this == CLIENT_TO_PEER ? "client_to_peer" : "peer_to_client";
    }
}
